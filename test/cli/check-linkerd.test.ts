/**
 * `cdk8s-mesh check` on Linkerd trees: a synthesized tree passes, and each
 * tampering that `linkerd mc check` would catch live fails offline.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { tempDir } from '../util';
import { HAVE_OPENSSL, linkerdIssuerSecret, makeIntermediate, makeRoot } from './pki';
import { cdk8sMesh } from './run';

const CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

/** A Linkerd mesh: east <-> west in chart mode (with tokens), north -> east in manifests mode (pending). */
const MESH_FILE = `apiVersion: cdk8s-mesh.io/v1alpha1
kind: Mesh
metadata: {name: l5d}
spec: {provider: linkerd, trustRoot: {}}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata: {name: east}
spec: {mesh: l5d, apiServer: {server: "https://192.0.2.1:6443", caFile: ca.crt}}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata: {name: west}
spec: {mesh: l5d, apiServer: {server: "https://192.0.2.2:6443", caFile: ca.crt}}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata: {name: north}
spec: {mesh: l5d}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: ServiceMirrorLink
metadata: {name: east-mirrors-west}
spec: {source: east, target: west, gateway: {address: 198.51.100.10}, credentials: {tokenFile: west.token}}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: ServiceMirrorLink
metadata: {name: west-mirrors-east}
spec: {source: west, target: east, gateway: {address: 192.0.2.10}, credentials: {tokenFile: east.token}}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: ServiceMirrorLink
metadata: {name: north-mirrors-east}
spec: {source: north, target: east, controller: {mode: manifests}, gateway: {address: 192.0.2.10}}
`;

const DAY = 86_400;

/** A JWT-shaped token (not a credential) expiring `days` from now. */
function token(days: number): string {
  const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64url');
  return `${b64(JSON.stringify({ alg: 'RS256', kid: 'test' }))}.${b64(JSON.stringify({ sub: 'test', exp: Math.floor(Date.now() / 1000) + days * DAY }))}.${b64(randomBytes(64))}`;
}

function synthesized(eastTokenDays = 365): string {
  const dir = tempDir('cdk8s-mesh-check-l5d-');
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH_FILE);
  fs.writeFileSync(path.join(dir, 'ca.crt'), CA);
  fs.writeFileSync(path.join(dir, 'west.token'), token(365), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'east.token'), token(eastTokenDays), { mode: 0o600 });
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
  fs.writeFileSync(p, YAML.stringify(change(YAML.parse(fs.readFileSync(p, 'utf-8')))));
}

function remove(dir: string, file: string): void {
  fs.rmSync(path.join(dir, file));
}

describe('cdk8s-mesh check: Linkerd links offline', () => {
  test('a synthesized tree passes; the pending link is listed with its command', () => {
    // GIVEN a fresh Linkerd tree
    const dir = synthesized();

    // WHEN
    const { code, out } = check(dir);

    // THEN
    expect(out).toContain('✓ east: Link west credentials: both Secrets present, readable by controller-west, one API server https://192.0.2.2:6443, token valid until');
    expect(out).toContain('✓ west: Link east credentials: both Secrets present, readable by controller-east, one API server https://192.0.2.1:6443');
    expect(out).toContain('‼ north: Link east credentials are pending: no credential was given (linkerd-multicluster/cluster-credentials-east, linkerd/cluster-credentials-east)');
    expect(out).toContain('    run (umask 077; kubectl --context=east -n linkerd-multicluster create token linkerd-service-mirror-remote-access-north --duration=8760h > .mesh-keys/east/linkerd-service-mirror-remote-access-north.token)');
    expect(out).toContain('✓ 3 Linkerd cluster(s) share one trust anchor (ConfigMap, values and issuer ca.crt agree)');
    expect(out).not.toContain('✗');
    expect(code).toBe(0);
  });

  test('both credentials Secrets deleted', () => {
    const dir = synthesized();
    remove(dir, '.mesh-keys/east/secret.linkerd-multicluster.cluster-credentials-west.yaml');
    remove(dir, '.mesh-keys/east/secret.linkerd.cluster-credentials-west.yaml');
    const { code, out } = check(dir);
    expect(out).toContain('✗ east: Link west credentials: Secrets linkerd-multicluster/cluster-credentials-west and linkerd/cluster-credentials-west are missing, and no pending record says why');
    expect(code).not.toBe(0);
  });

  test('one copy of the credentials points at another API server', () => {
    const dir = synthesized();
    edit(dir, '.mesh-keys/east/secret.linkerd.cluster-credentials-west.yaml', s => {
      const key = s.stringData ? 'stringData' : 'data';
      const text = key === 'data' ? Buffer.from(s.data.kubeconfig, 'base64').toString() : s.stringData.kubeconfig;
      const changed = text.replace('https://192.0.2.2:6443', 'https://203.0.113.99:6443');
      s[key].kubeconfig = key === 'data' ? Buffer.from(changed).toString('base64') : changed;
      return s;
    });
    const { code, out } = check(dir);
    expect(out).toContain('    the two copies point at different API servers or CAs (https://192.0.2.2:6443 / https://203.0.113.99:6443): both must be the target cluster\'s; apply both from one synth');
    expect(code).not.toBe(0);
  });

  test('a credentials Secret name the controller\'s RBAC cannot read', () => {
    const dir = synthesized();
    edit(dir, 'dist/east/link.linkerd-multicluster.west.yaml', l => ({ ...l, spec: { ...l.spec, clusterCredentialsSecret: 'west-kubeconfig' } }));
    const { code, out } = check(dir);
    expect(out).toContain('    spec.clusterCredentialsSecret is "west-kubeconfig", but its controller may read only cluster-credentials-west '
      + '(Role controller-read-remote-creds-west): name it cluster-credentials-west');
    expect(code).not.toBe(0);
  });

  test('the Link in namespace default', () => {
    const dir = synthesized();
    edit(dir, 'dist/east/link.linkerd-multicluster.west.yaml', l => ({ ...l, metadata: { ...l.metadata, namespace: 'default' } }));
    const { code, out } = check(dir);
    expect(out).toContain('    is in namespace "default": the controllers and linkerd mc check look for Links in linkerd-multicluster');
    expect(code).not.toBe(0);
  });

  test('a gateway link whose probe Service is switched off (chart mode) or deleted (manifests mode)', () => {
    const dir = synthesized();
    edit(dir, 'dist/east/install/linkerd-multicluster-values.yaml', v => ({
      ...v, controllers: v.controllers.map((c: any) => ({ ...c, gateway: { enabled: false } })),
    }));
    remove(dir, 'dist/north/service.linkerd-multicluster.probe-east.yaml');
    fs.writeFileSync(path.join(dir, 'dist/north/kustomization.yaml'),
      fs.readFileSync(path.join(dir, 'dist/north/kustomization.yaml'), 'utf-8').replace(/^.*service\.linkerd-multicluster\.probe-east\.yaml\n/m, ''));
    const { code, out } = check(dir);
    expect(out).toContain('    probes a gateway, but its controllers[] entry sets gateway.enabled: false, so the chart renders no probe-west Service');
    expect(out).toContain('    probes a gateway, but Service probe-east is missing: add it beside the controller (the chart renders it for gateway links)');
    expect(code).not.toBe(0);
  });

  test('an expired token, and one that expires soon', () => {
    const expired = synthesized(-1);
    expect(check(expired).out).toMatch(/✗ west: Link east credentials: the token expired on \d{4}-/);
    const soon = synthesized(10);
    const { code, out } = check(soon);
    expect(out).toMatch(/‼ west: Link east credentials: the token expires on \d{4}-\S+ \(in (9|10) days\)/);
    expect(out).not.toContain('✗');
    expect(code).toBe(0);
  });

  (HAVE_OPENSSL ? test : test.skip)('a different trust anchor in one cluster', () => {
    // GIVEN west's ConfigMap, values and issuer moved to another anchor (consistent within west)
    const dir = synthesized();
    const other = makeRoot('root.linkerd.cluster.local');
    fs.writeFileSync(path.join(dir, '.mesh-keys/west/secret.linkerd.linkerd-identity-issuer.yaml'),
      linkerdIssuerSecret(makeIntermediate(other, 'identity.linkerd.cluster.local'), other), { mode: 0o600 });
    edit(dir, 'dist/west/configmap.linkerd.linkerd-identity-trust-roots.yaml', c => ({ ...c, data: { 'ca-bundle.crt': other.cert } }));
    edit(dir, 'dist/west/install/linkerd-control-plane-values.yaml', v => ({ ...v, identityTrustAnchorsPEM: other.cert }));
    const { code, out } = check(dir);
    expect(out).toContain('✗ Linkerd clusters use different trust anchors: linked clusters\' proxies reject each other\'s identities');
    expect(code).not.toBe(0);
  });

  (HAVE_OPENSSL ? test : test.skip)('one cluster\'s ConfigMap disagrees with its values and issuer', () => {
    const dir = synthesized();
    edit(dir, 'dist/west/configmap.linkerd.linkerd-identity-trust-roots.yaml', c => ({ ...c, data: { 'ca-bundle.crt': makeRoot('other').cert } }));
    const { code, out } = check(dir);
    expect(out).toContain('✗ west: the trust anchors differ');
    expect(code).not.toBe(0);
  });
});
