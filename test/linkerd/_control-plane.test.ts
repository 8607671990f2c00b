import { spawnSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import {
  CaCertificate, ControllerMode, GatewayServiceType, LinkerdLogFormat, LinkerdLogLevel, LinkerdMulticluster, LinkerdVersion,
  Mesh, MeshApp, MeshCluster, MeshProvider, ServiceMirrorLink, TolerationEffect, TolerationOperator, TrustRoot,
} from '../../src';
import { collectWarnings } from '../../src/output/_metadata';
import { findObject, linkerdValuesErrors, loadCluster, objectsOfKind, parseYaml, readTree, tempDir, validateTree } from '../util';

const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;
/** `test` when the openssl CLI is installed, else `test.skip` (the skip reason is in the test name). */
const withOpenssl = HAS_OPENSSL ? test : test.skip;
const OPENSSL_NOTE = HAS_OPENSSL ? '' : ' [SKIPPED: openssl CLI not installed]';

interface Dirs { readonly outdir: string; readonly keyStore: string }
function dirs(): Dirs {
  const d = tempDir();
  return { outdir: path.join(d, 'dist'), keyStore: path.join(d, 'keys') };
}

/** A Linkerd mesh with its TrustRoot and clusters. */
function linkerdMesh(d: Dirs = dirs(), clusters = ['east', 'west'], meshProps: any = {}) {
  const app = new MeshApp(d);
  const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD, ...meshProps });
  const trust = new TrustRoot(app, 'TrustRoot', { mesh });
  const cs = clusters.map(c => new MeshCluster(app, c, { mesh }));
  return { app, mesh, trust, clusters: cs, d };
}

function install(d: Dirs, cluster: string, file: string): any {
  return loadCluster(path.join(d.outdir, cluster)).install[file][0];
}

function installText(d: Dirs, cluster: string, file: string): string {
  return fs.readFileSync(path.join(d.outdir, cluster, 'install', file), 'utf-8');
}

function keyStoreFile(d: Dirs, file: string): string {
  return fs.readFileSync(path.join(d.keyStore, file), 'utf-8');
}

describe('Linkerd control plane', () => {
  test('every cluster of a Linkerd mesh: the two namespaces, the trust-roots ConfigMap and three values files', () => {
    // GIVEN
    const { app, d } = linkerdMesh();

    // WHEN
    app.synth();

    // THEN the applied objects
    const anchor = keyStoreFile(d, 'root/ca.crt');
    for (const c of ['east', 'west']) {
      const { objects, install: files } = loadCluster(path.join(d.outdir, c));
      expect(objects.map(o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort()).toEqual([
        'ConfigMap/linkerd/linkerd-identity-trust-roots',
        'Namespace//linkerd',
        'Namespace//linkerd-multicluster',
      ]);
      expect(findObject(objects, 'Namespace', 'linkerd').metadata).toEqual({
        name: 'linkerd',
        annotations: { 'linkerd.io/inject': 'disabled' },
        labels: {
          'linkerd.io/is-control-plane': 'true',
          'config.linkerd.io/admission-webhooks': 'disabled',
          'linkerd.io/control-plane-ns': 'linkerd',
          'pod-security.kubernetes.io/enforce': 'privileged',
        },
      });
      expect(findObject(objects, 'Namespace', 'linkerd-multicluster').metadata).toEqual({
        name: 'linkerd-multicluster',
        labels: { 'linkerd.io/extension': 'multicluster', 'pod-security.kubernetes.io/enforce': 'privileged' },
      });
      const trustRoots = findObject(objects, 'ConfigMap', 'linkerd-identity-trust-roots', 'linkerd');
      expect(trustRoots.metadata.labels).toEqual({ 'linkerd.io/control-plane-component': 'identity', 'linkerd.io/control-plane-ns': 'linkerd' });
      expect(trustRoots.data).toEqual({ 'ca-bundle.crt': anchor });
      expect(objectsOfKind(objects, 'Istio')).toEqual([]);

      // THEN the values
      expect(Object.keys(files)).toEqual(['linkerd-control-plane-values.yaml', 'linkerd-crds-values.yaml', 'linkerd-multicluster-values.yaml']);
      // installGatewayAPI explicit: edge-26.8.3's chart default (false)
      expect(files['linkerd-crds-values.yaml']).toEqual([{ installGatewayAPI: false }]);
      expect(files['linkerd-control-plane-values.yaml']).toEqual([{
        clusterDomain: 'cluster.local',
        identityTrustDomain: 'cluster.local',
        identityTrustAnchorsPEM: anchor,
        identity: { externalCA: true, issuer: { scheme: 'kubernetes.io/tls' } },
      }]);
      expect(files['linkerd-multicluster-values.yaml']).toEqual([{
        identityTrustDomain: 'cluster.local',
        remoteMirrorServiceAccount: true, // the chart's default: link-gen links keep their ServiceAccount
        gateway: { enabled: false },
        controllers: [],
      }]);
    }
    expect(validateTree(d.outdir)).toEqual(2 * (3 + 3));
  });

  test('the install files name the chart versions of the Linkerd release and the install order', () => {
    // GIVEN
    const { app, d } = linkerdMesh(dirs(), ['east'], { linkerdVersion: LinkerdVersion.of('edge-25.4.4') });

    // WHEN
    app.synth();

    // THEN
    expect(installText(d, 'east', 'linkerd-crds-values.yaml').split('\n').slice(0, 6)).toEqual([
      '# Values for the linkerd-crds chart 2025.4.4 (Linkerd edge-25.4.4) in cluster "east":',
      '#   helm install linkerd-crds linkerd-edge/linkerd-crds -n linkerd --version 2025.4.4 --kube-context <east context> -f linkerd-crds-values.yaml',
      '# installGatewayAPI is explicit (LinkerdMulticluster installGatewayApi; this release\'s chart default is true):',
      '#   true: this chart installs the Gateway API CRDs (helm install fails where another tool did); false: install them first.',
      '# Generated by cdk8s-multicluster-mesh; edit the mesh definition, not this file.',
      'installGatewayAPI: true',
    ]);
    expect(installText(d, 'east', 'linkerd-control-plane-values.yaml').split('\n').slice(0, 3)).toEqual([
      '# Values for the linkerd-control-plane chart 2025.4.4 (Linkerd edge-25.4.4) in cluster "east":',
      '#   helm install linkerd-control-plane linkerd-edge/linkerd-control-plane -n linkerd --version 2025.4.4 --kube-context <east context> -f linkerd-control-plane-values.yaml',
      '# Apply this cluster\'s manifests first (Namespaces, the trust-roots ConfigMap, and the linkerd-identity-issuer Secret from the key store).',
    ]);
    expect(installText(d, 'east', 'linkerd-multicluster-values.yaml').split('\n').slice(0, 3)).toEqual([
      '# Values for the linkerd-multicluster chart 2025.4.4 (Linkerd edge-25.4.4) in cluster "east":',
      '#   helm install linkerd-multicluster linkerd-edge/linkerd-multicluster -n linkerd-multicluster --version 2025.4.4 --kube-context <east context> -f linkerd-multicluster-values.yaml',
      '# Install it after linkerd-control-plane; the Links in this cluster\'s manifests need its Link CRD.',
    ]);
  });

  test('Mesh defaults and settings for Linkerd: version, trust domain, cluster domain', () => {
    // GIVEN
    const d = dirs();
    const a = new MeshApp(d);

    // WHEN
    const defaults = new Mesh(a, 'm1', { provider: MeshProvider.LINKERD });
    const custom = new Mesh(a, 'm2', {
      provider: MeshProvider.LINKERD, linkerdVersion: LinkerdVersion.of('edge-26.1.2'), linkerdTrustDomain: 'mesh.example', linkerdClusterDomain: 'k8s.internal',
    });
    new TrustRoot(a, 'T2', { mesh: custom });
    new MeshCluster(a, 'east', { mesh: custom });
    a.synth();

    // THEN
    expect(defaults.linkerdVersion).toBe(LinkerdVersion.DEFAULT);
    expect(LinkerdVersion.DEFAULT.version).toEqual('edge-26.8.3');
    expect(`${LinkerdVersion.DEFAULT}`).toEqual('edge-26.8.3');
    expect(defaults.linkerdTrustDomain).toEqual('cluster.local');
    expect(defaults.linkerdClusterDomain).toEqual('cluster.local');
    const values = install(d, 'east', 'linkerd-control-plane-values.yaml');
    expect(values.clusterDomain).toEqual('k8s.internal');
    expect(values.identityTrustDomain).toEqual('mesh.example');
    expect(install(d, 'east', 'linkerd-multicluster-values.yaml').identityTrustDomain).toEqual('mesh.example');
  });

  test('a Mesh given a stable name models its edge release and keeps the name it was given', () => {
    // WHEN a Mesh is given one; THEN its Links carry the edge release (parsing: test/linkerd/version.test.ts)
    const mesh = new Mesh(new MeshApp(dirs()), 'l5d', { provider: MeshProvider.LINKERD, linkerdVersion: LinkerdVersion.of('2.18') });
    expect(mesh._linkerdVersion.version).toEqual('edge-25.4.4');
    expect(mesh.linkerdVersion.version).toEqual('2.18');
  });

  test('an Istio mesh gets no Linkerd objects', () => {
    // GIVEN
    const a = new MeshApp(dirs());
    const mesh = new Mesh(a, 'istio');

    // WHEN
    const east = new MeshCluster(a, 'east', { mesh });

    // THEN
    expect(east._linkerd).toBeUndefined();
    expect(Testing.synth(east).filter(o => o.metadata.name.startsWith('linkerd'))).toEqual([]);
  });

  describe('trust', () => {
    test('every cluster shares one ECDSA P-256 trust anchor; each issuer is a P-256 CA that chains to it', () => {
      // GIVEN
      const { app, d } = linkerdMesh(dirs(), ['east', 'west', 'north']);

      // WHEN
      app.synth();

      // THEN one anchor in every cluster's values and ConfigMap
      const anchorPem = keyStoreFile(d, 'root/ca.crt');
      const anchor = new X509Certificate(anchorPem);
      expect(anchor.publicKey.asymmetricKeyType).toEqual('ec');
      expect(anchor.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
      expect(anchor.ca).toBe(true);
      const issuers = new Set<string>();
      for (const c of ['east', 'west', 'north']) {
        expect(install(d, c, 'linkerd-control-plane-values.yaml').identityTrustAnchorsPEM).toEqual(anchorPem);
        const { objects } = loadCluster(path.join(d.outdir, c));
        expect(findObject(objects, 'ConfigMap', 'linkerd-identity-trust-roots').data['ca-bundle.crt']).toEqual(anchorPem);

        // THEN each issuer: P-256, a CA, signed by the anchor, and the one in the cluster's issuer Secret
        const issuerPem = keyStoreFile(d, `${c}/issuer.crt`);
        const issuer = new X509Certificate(issuerPem);
        expect(issuer.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
        expect(issuer.ca).toBe(true);
        expect(issuer.checkIssued(anchor)).toBe(true);
        expect(issuer.verify(anchor.publicKey)).toBe(true);
        const secret = parseYaml(keyStoreFile(d, `${c}/secret.linkerd.linkerd-identity-issuer.yaml`))[0];
        expect(secret.type).toEqual('kubernetes.io/tls');
        expect(Buffer.from(secret.data['ca.crt'], 'base64').toString()).toEqual(anchorPem);
        expect(Buffer.from(secret.data['tls.crt'], 'base64').toString()).toEqual(issuerPem);
        issuers.add(issuerPem);
      }
      expect(issuers.size).toEqual(3);
      // the issuer Secret carries a key: never in the output tree
      expect(Object.keys(readTree(d.outdir)).filter(f => f.includes('linkerd-identity-issuer'))).toEqual([]);
      expect(collectWarnings(app)).toEqual([]);
    });

    withOpenssl(`every issuer verifies against the shared anchor with openssl verify${OPENSSL_NOTE}`, () => {
      // GIVEN
      const { app, d } = linkerdMesh(dirs(), ['east', 'west']);

      // WHEN
      app.synth();

      // THEN
      for (const c of ['east', 'west']) {
        const cert = path.join(d.keyStore, `${c}/issuer.crt`);
        const r = spawnSync('openssl', ['verify', '-CAfile', path.join(d.keyStore, 'root/ca.crt'), cert], { encoding: 'utf-8' });
        expect(`${r.stdout}${r.stderr}`.trim()).toEqual(`${cert}: OK`);
      }
    });

    withOpenssl(`an imported RSA trust anchor (which Linkerd accepts) draws a warning: the docs ask for P-256${OPENSSL_NOTE}`, () => {
      // GIVEN an RSA-2048 root made with openssl
      const w = tempDir();
      const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650',
        '-subj', '/CN=root.linkerd.cluster.local', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
      { cwd: w, encoding: 'utf-8' });
      expect(r.status).toEqual(0);
      const d = dirs();
      const app = new MeshApp(d);
      const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD });
      new TrustRoot(app, 'TrustRoot', { mesh, root: CaCertificate.fromFiles(path.join(w, 'ca.crt'), path.join(w, 'ca.key')) });
      new MeshCluster(app, 'east', { mesh });
      new MeshCluster(app, 'west', { mesh });

      // WHEN
      app.synth();

      // THEN one warning for the mesh
      expect(collectWarnings(app)).toEqual([
        '[east/ControlPlane] the trust anchor of mesh "l5d" is not an ECDSA P-256 key: Linkerd accepts it, but its docs require ECDSA P-256 '
        + 'for every certificate; prefer a P-256 root when you next rotate it',
      ]);
    });
  });

  describe('LinkerdMulticluster', () => {
    test('a LoadBalancer gateway: its settings go into the values, and links dial its address and ports', () => {
      // GIVEN
      const { app, clusters: [east, west], d } = linkerdMesh();

      // WHEN
      const settings = new LinkerdMulticluster(east, 'Multicluster', {
        gatewayAddresses: ['203.0.113.10', 'gw.east.example'],
        gatewayPort: 14143,
        gatewayProbePort: 14191,
        gatewayProbeSeconds: 5,
        gatewayLoadBalancerIp: '203.0.113.10',
        gatewayLoadBalancerSourceRanges: ['198.51.100.0/24'],
      });
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east });
      app.synth();

      // THEN
      expect(settings.gatewayEnabled).toBeUndefined();
      expect(east._linkerd!.gatewayEnabled).toBe(true);
      expect(install(d, 'east', 'linkerd-multicluster-values.yaml').gateway).toEqual({
        enabled: true,
        serviceType: 'LoadBalancer',
        port: 14143,
        probe: { port: 14191, seconds: 5 },
        loadBalancerIP: '203.0.113.10',
        loadBalancerSourceRanges: ['198.51.100.0/24'],
      });
      const link = findObject(loadCluster(path.join(d.outdir, 'west')).objects, 'Link', 'east');
      expect(link.spec.gatewayAddress).toEqual('203.0.113.10,gw.east.example');
      expect(link.spec.gatewayPort).toEqual('14143');
      expect(link.spec.probeSpec).toEqual({ path: '/ready', port: '14191', period: '5s' });
      validateTree(d.outdir);
    });

    test('a NodePort gateway: the values carry the node ports, and links dial them', () => {
      // GIVEN
      const { app, clusters: [east, west], d } = linkerdMesh();

      // WHEN
      const settings = new LinkerdMulticluster(east, 'Multicluster', {
        gatewayServiceType: GatewayServiceType.NODE_PORT,
        gatewayAddresses: ['192.0.2.21', '192.0.2.22'],
        gatewayNodePort: 30143,
        gatewayProbeNodePort: 30191,
      });
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east });
      app.synth();

      // THEN
      expect(settings.linkGatewayPort).toEqual(30143);
      expect(settings.linkProbePort).toEqual(30191);
      expect(install(d, 'east', 'linkerd-multicluster-values.yaml').gateway).toEqual({
        enabled: true, serviceType: 'NodePort', port: 4143, nodePort: 30143, probe: { port: 4191, seconds: 3, nodePort: 30191 },
      });
      const link = findObject(loadCluster(path.join(d.outdir, 'west')).objects, 'Link', 'east');
      expect([link.spec.gatewayAddress, link.spec.gatewayPort, link.spec.probeSpec.port]).toEqual(['192.0.2.21,192.0.2.22', '30143', '30191']);
      validateTree(d.outdir);
    });

    test('an explicitly enabled gateway without links; controllerDefaults and enableNamespaceCreation', () => {
      // GIVEN
      const { app, clusters: [east], d } = linkerdMesh(dirs(), ['east']);

      // WHEN
      new LinkerdMulticluster(east, 'Multicluster', {
        gatewayEnabled: true,
        enableNamespaceCreation: true,
        controllerDefaults: {
          replicas: 2,
          logLevel: LinkerdLogLevel.DEBUG,
          logFormat: LinkerdLogFormat.JSON,
          retryLimit: 5,
          enableHeadlessServices: true,
          enablePprof: false,
          enablePodAntiAffinity: true,
          resources: { cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'dedicated', value: 'mesh', effect: TolerationEffect.NO_SCHEDULE },
            { operator: TolerationOperator.EXISTS, effect: TolerationEffect.NO_EXECUTE, tolerationSeconds: 60 },
          ],
        },
      });
      app.synth();

      // THEN
      const values = install(d, 'east', 'linkerd-multicluster-values.yaml');
      expect(values).toEqual({
        identityTrustDomain: 'cluster.local',
        remoteMirrorServiceAccount: true,
        gateway: { enabled: true, serviceType: 'LoadBalancer', port: 4143, probe: { port: 4191, seconds: 3 } },
        enableNamespaceCreation: true,
        controllerDefaults: {
          replicas: 2,
          logLevel: 'debug',
          logFormat: 'json',
          retryLimit: 5,
          enableHeadlessServices: true,
          enablePprof: false,
          enablePodAntiAffinity: true,
          resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'dedicated', operator: 'Equal', value: 'mesh', effect: 'NoSchedule' },
            { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
          ],
        },
        controllers: [],
      });
      expect(linkerdValuesErrors('linkerd-multicluster-values.yaml', values)).toEqual([]);
    });

    test('the values check catches a wrong key (the check itself can fail)', () => {
      expect(linkerdValuesErrors('linkerd-multicluster-values.yaml', { controllers: [{ link: { ref: { name: 'east' } }, logLevel: 'verbose' }] }))
        .toEqual(['/controllers/0/logLevel: must be one of "error", "warn", "info", "debug", "trace"']);
      expect(linkerdValuesErrors('linkerd-control-plane-values.yaml', { identity: { externalCa: true } }))
        .toEqual(['/identity: unknown field "externalCa"']);
    });
  });

  describe('bad input', () => {
    test('a Linkerd mesh without a TrustRoot: nothing is written', () => {
      // GIVEN
      const d = dirs();
      const a = new MeshApp(d);
      const mesh = new Mesh(a, 'l5d', { provider: MeshProvider.LINKERD });
      new MeshCluster(a, 'east', { mesh });

      // WHEN / THEN
      expect(() => a.synth()).toThrow(Error);
      expect(fs.existsSync(d.outdir)).toBe(false);
      expect(fs.existsSync(d.keyStore)).toBe(false);
    });

    test('controllerDefaults after a manifests-mode link of the cluster was rendered', () => {
      const { app, clusters: [east, west] } = linkerdMesh();
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, controllerMode: ControllerMode.MANIFESTS });
      expect(() => new LinkerdMulticluster(west, 'M', { controllerDefaults: { replicas: 2 } })).toThrow(Error);
      // gateway settings and namespace creation are read late: fine after the links
      expect(() => new LinkerdMulticluster(west, 'Late', { enableNamespaceCreation: true })).not.toThrow();
    });
  });
});

