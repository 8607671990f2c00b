/**
 * `cdk8s-mesh check` on ambient trees: a synthesized tree passes, and a broken
 * east-west Gateway, a mismatched ztunnel or a missing multi-network env fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { tempDir } from '../util';
import { cdk8sMesh } from './run';

const MESH_FILE = `apiVersion: cdk8s-mesh.io/v1alpha1
kind: Mesh
metadata: {name: mesh1}
spec: {istio: {dataPlaneMode: ambient, install: INSTALL}}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata: {name: cluster1}
spec: {mesh: mesh1, network: network1, eastWestGateway: {}}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata: {name: cluster2}
spec: {mesh: mesh1, network: network2, eastWestGateway: {}}
`;

function synthesized(install: 'sail' | 'helm' = 'sail'): string {
  const dir = fs.realpathSync(tempDir('cdk8s-mesh-check-ambient-'));
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH_FILE.replace('INSTALL', install));
  const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);
  if (r.code !== 0) { throw new Error(r.stderr); }
  return dir;
}

function check(dir: string): { code: number | null; out: string } {
  const r = cdk8sMesh(dir, ['check']);
  return { code: r.code, out: r.stdout + r.stderr };
}

function edit(dir: string, file: string, change: (doc: any) => any): void {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf-8');
  const header = text.split('\n').filter(l => l.startsWith('#')).join('\n');
  fs.writeFileSync(p, (header ? header + '\n' : '') + YAML.stringify(change(YAML.parse(text))));
}

const GATEWAY = 'dist/cluster1/gateway.istio-system.istio-eastwestgateway.yaml';

describe('cdk8s-mesh check: ambient', () => {
  test('a synthesized Sail tree passes, naming what agrees', () => {
    // GIVEN / WHEN
    const { code, out } = check(synthesized());

    // THEN
    expect(out).toContain('✓ cluster1: ambient on network "network1": Istio/default, ZTunnel/default, Gateway istio-eastwestgateway (istio-east-west, HBONE 15008)');
    expect(out).toContain('✓ cluster2: ambient on network "network2": Istio/default, ZTunnel/default, Gateway istio-eastwestgateway (istio-east-west, HBONE 15008)');
    expect(out).not.toContain('✗');
    expect(code).toBe(0);
  });

  test('a Helm tree passes: istiod and ztunnel values files', () => {
    const { code, out } = check(synthesized('helm'));
    expect(out).toContain('✓ cluster1: ambient on network "network1": install/istiod-values.yaml, install/ztunnel-values.yaml, Gateway istio-eastwestgateway (istio-east-west, HBONE 15008)');
    expect(code).toBe(0);
  });

  test('the Gateway\'s network label disagrees, and its listener does not terminate ISTIO_MUTUAL', () => {
    // GIVEN
    const dir = synthesized();
    edit(dir, GATEWAY, gw => {
      gw.metadata.labels['topology.istio.io/network'] = 'network2';
      delete gw.spec.listeners[0].tls;
      return gw;
    });

    // WHEN
    const { code, out } = check(dir);

    // THEN
    expect(out).toContain('✗ cluster1: ambient configuration disagrees');
    expect(out).toContain('    Gateway istio-system/istio-eastwestgateway has topology.istio.io/network="network2", but the control plane\'s network is "network1"');
    expect(out).toContain('    Gateway istio-system/istio-eastwestgateway listener "mesh" must terminate TLS with ISTIO_MUTUAL');
    expect(code).not.toBe(0);
  });

  test('ztunnel on another network, and istiod without AMBIENT_ENABLE_MULTI_NETWORK', () => {
    // GIVEN
    const dir = synthesized();
    edit(dir, 'dist/cluster2/ztunnel.default.yaml', z => { z.spec.values.ztunnel.network = 'network1'; return z; });
    edit(dir, 'dist/cluster2/istio.default.yaml', i => { delete i.spec.values.pilot.env; return i; });

    // WHEN
    const { code, out } = check(dir);

    // THEN
    expect(out).toContain('    Istio/default has profile ambient but not AMBIENT_ENABLE_MULTI_NETWORK="true": istiod keeps ambient traffic on its own network');
    expect(out).toContain('    ZTunnel/default says network "network1", but the control plane\'s network is "network2"');
    expect(code).not.toBe(0);
  });

  test('the ambient gateway removed from a cluster of a two-network mesh', () => {
    const dir = synthesized();
    fs.rmSync(path.join(dir, GATEWAY));
    edit(dir, 'dist/cluster1/kustomization.yaml', k => { k.resources = k.resources.filter((r: string) => !r.startsWith('gateway.')); return k; });
    const { out } = check(dir);
    expect(out).toContain('    no Gateway of class istio-east-west, but mesh "mesh1" spans 2 networks: ambient clusters on different networks reach each other only through it');
  });
});
