/**
 * `cdk8s-mesh init [-f mesh.yaml]`: writes a commented starter mesh file.
 * Never overwrites an existing file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError, ExitCode, Io, requireNonEmpty } from './io';

/** The starter mesh file: two primaries of one Istio mesh, every optional field shown in a comment. */
export const STARTER_MESH_FILE = `# A cdk8s-mesh mesh file: one multi-document YAML file for the whole mesh.
#   cdk8s-mesh synth -f mesh.yaml -o dist      writes dist/<cluster>/ (apply with kubectl apply -k)
#   cdk8s-mesh check dist                      checks the result offline
# Every field and default: docs/mesh-file.md. Relative paths resolve against this file's directory.
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Mesh
metadata:
  name: mesh1                    # the mesh ID (global.meshID)
spec:
  provider: istio                # istio | linkerd
  istio:
    version: "1.30.3"            # quote versions: 1.30 unquoted is a number
    install: sail                # sail (Sail Operator Istio resource) | helm (values files) | istioctl (IstioOperator file)
    # revision: canary           # a revisioned control plane (istio.io/rev)
  # endpointDiscovery: full      # remote secrets so every istiod sees every cluster (needs each cluster's API server)
  trustRoot:                     # one root CA, one intermediate per cluster, in the key store (--key-store), never in the
                                 # output: without it, each istiod signs with its own root and cross-cluster mTLS fails
    algorithm: ECDSA_P256        # fast (milliseconds); RSA_4096, the default and what Istio's tools/certs make, takes
                                 # seconds per key: RSA_2048 | RSA_3072 | RSA_4096 | ECDSA_P256 | ECDSA_P384
    # rootValidityDays: 3650
    # intermediateValidityDays: 365
    # organization: Istio
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: cluster1                 # the cluster name and its output directory
spec:
  mesh: mesh1
  network: network1              # clusters on different networks talk through east-west gateways
  # role: primary                # primary | remote (then primary: <cluster>)
  # kubeconfig:                  # where other clusters reach this API server (only the cluster entry is read)
  #   file: kubeconfig.yaml
  #   context: cluster1
  # apiServer:                   # ... or give it directly
  #   server: https://10.0.0.1:6443
  #   caFile: cluster1-ca.crt
  eastWestGateway:               # the network's east-west gateway: every cluster needs one when they are on different networks
    serviceType: LoadBalancer
    # address: 203.0.113.10      # the load balancer's IP or DNS name (a remote's primary needs it)
    # replicas: 2                # a fixed number of pods (default: autoscaled)
  # discoverySelectors:          # namespaces istiod watches (default: all)
  #   - matchLabels:
  #       istio-discovery: enabled
  sampleApps: false              # true: helloworld and sleep in namespace "sample", to test cross-cluster traffic
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: cluster2
spec:
  mesh: mesh1
  network: network2
  eastWestGateway: {}
`;

/** Options of `init`. */
export interface InitOptions {
  readonly file: string;
}

/** Runs `init`; throws a CliError when the file exists. */
export function initCommand(opts: InitOptions, io: Io): ExitCode {
  requireNonEmpty('-f, --file', opts.file, 'give the file to write, or leave -f out for the default (mesh.yaml)');
  const target = path.resolve(opts.file);
  if (fs.existsSync(target)) {
    throw new CliError(ExitCode.INVALID, [`"${opts.file}" already exists: init never overwrites a file; remove it or name another one with -f`]);
  }
  const dir = path.dirname(target);
  if (!fs.existsSync(dir)) {
    throw new CliError(ExitCode.INVALID, [`cannot write "${opts.file}": directory "${path.dirname(opts.file)}" does not exist`]);
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw new CliError(ExitCode.INVALID, [`cannot write "${opts.file}": "${path.dirname(opts.file)}" is not a directory`]);
  }
  fs.writeFileSync(target, STARTER_MESH_FILE, { flag: 'wx' });
  io.stdout(`Wrote ${opts.file}: edit it, then run cdk8s-mesh synth -f ${opts.file}\n`);
  return ExitCode.OK;
}
