import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ApiServer, Credential, EastWestGateway, Mesh, MeshApp, MeshCluster } from '../../src';
import { isSharedJson, SharedRender, SharedSecret } from '../../src/output/_render-once';
import { renderApp, toYaml } from '../../src/output/_writer';
import { tempDir } from '../util';

const PROPS: k8s.KubeSecretProps = {
  metadata: { name: 'istio-remote-secret-c1', namespace: 'istio-system', labels: { 'istio/multiCluster': 'true' } },
  stringData: { c1: 'apiVersion: v1\nkind: Config\n' },
};

function twoCopies(): { a: SharedSecret; b: SharedSecret; plain: k8s.KubeSecret } {
  const app = new MeshApp({ outdir: tempDir(), keyStore: tempDir() });
  const shared = new SharedRender();
  return {
    a: new SharedSecret(new Chart(app, 'c2'), 'S', shared, PROPS),
    b: new SharedSecret(new Chart(app, 'c3'), 'S', shared, PROPS),
    plain: new k8s.KubeSecret(new Chart(app, 'c4'), 'S', PROPS),
  };
}

describe('SharedSecret: identical Secrets render once', () => {
  test('copies built from one SharedRender return the same JSON, equal to what a KubeSecret renders, frozen', () => {
    // GIVEN
    const { a, b, plain } = twoCopies();

    // WHEN
    const ja = a.toJson();
    const jb = b.toJson();

    // THEN
    expect(jb).toBe(ja);
    expect(ja).toEqual(plain.toJson());
    expect(Object.keys(ja)).toEqual(Object.keys(plain.toJson()));
    expect(isSharedJson(ja)).toBe(true);
    expect(isSharedJson(plain.toJson())).toBe(false);
    expect(Object.isFrozen((ja.metadata as { labels: object }).labels)).toBe(true);
    expect(() => { (ja.metadata as { name: string }).name = 'x'; }).toThrow(TypeError);
    // The writer prints the shared JSON once, as it prints any other.
    expect(toYaml(ja)).toBe(toYaml(jb));
    expect(toYaml(ja)).toEqual(toYaml(plain.toJson()));
  });

  test('a copy whose metadata was changed renders itself; the others keep sharing', () => {
    // GIVEN
    const { a, b } = twoCopies();
    const ja = a.toJson();

    // WHEN
    b.metadata.addLabel('team', 'mesh');
    const jb = b.toJson();

    // THEN
    expect(jb).not.toBe(ja);
    expect((jb.metadata as { labels: object }).labels).toEqual({ 'istio/multiCluster': 'true', 'team': 'mesh' });
    expect((ja.metadata as { labels: object }).labels).toEqual({ 'istio/multiCluster': 'true' });
    expect(a.toJson()).toBe(ja);
  });

  test('a copy with a JSON patch renders itself with the patch', () => {
    // GIVEN
    const { a, b } = twoCopies();
    const ja = a.toJson();

    // WHEN
    b.addJsonPatch(JsonPatch.add('/immutable', true));
    const jb = b.toJson();

    // THEN
    expect(jb).not.toBe(ja);
    expect(jb.immutable).toBe(true);
    expect(ja.immutable).toBeUndefined();
  });

  test('full-mesh endpoint discovery: each cluster\'s remote secret renders once for all its readers, and the key store holds every copy', () => {
    // GIVEN: 4 clusters with full endpoint discovery (12 remote secrets, 4 distinct)
    const dir = tempDir();
    const ca = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');
    const token = (i: number) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(`{"sub":"c${i}"}`).toString('base64url')}.c2ln`;
    const app = new MeshApp({ outdir: path.join(dir, 'dist'), keyStore: path.join(dir, 'keys') });
    const mesh = new Mesh(app, 'mesh1');
    const credentials: Record<string, Credential> = {};
    for (let i = 0; i < 4; i++) {
      const file = path.join(dir, `c${i}.token`);
      fs.writeFileSync(file, token(i), { mode: 0o600 });
      credentials[`c${i}`] = Credential.fromTokenFile(file);
    }
    mesh.enableEndpointDiscovery({ credentials });
    for (let i = 0; i < 4; i++) {
      const c = new MeshCluster(app, `c${i}`, { mesh, network: `n${i}`, apiServer: ApiServer.fromUrl(`https://c${i}.example.com:6443`, { caData: ca }) });
      new EastWestGateway(c, 'EastWestGateway', { address: `10.0.0.${i + 1}` });
    }

    // WHEN
    const tree = renderApp(app);

    // THEN
    const copies = tree.keyStore.filter(f => /secret\.istio-system\.istio-remote-secret-c0\.yaml$/.test(f.path));
    expect(copies.map(f => f.path)).toEqual(['c1', 'c2', 'c3'].map(c => `${c}/secret.istio-system.istio-remote-secret-c0.yaml`));
    expect(copies[1].content).toEqual(copies[0].content);
    const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.name === 'istio-remote-secret-c0');
    expect(objects).toHaveLength(3);
    expect(objects[1].toJson()).toBe(objects[0].toJson());
    expect(objects[2].toJson()).toBe(objects[0].toJson());
    expect(copies[0].content).toContain('name: istio-remote-secret-c0\n');
    expect(copies[0].content).toContain('networking.istio.io/cluster: c0\n');
  });
});
