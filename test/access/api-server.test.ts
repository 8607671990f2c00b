import * as fs from 'fs';
import * as path from 'path';
import { ApiServer, MeshApp, MeshCluster } from '../../src';
import { tempDir } from '../util';

const CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

function cluster(apiServer: ApiServer) {
  const app = new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
  return new MeshCluster(app, 'east', { apiServer });
}

function kubeconfig(dir: string, clusterEntry: string[], extra: string[] = []): string {
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: east',
    'clusters:', '- name: east-cluster', '  cluster:', ...clusterEntry.map(l => `    ${l}`),
    'contexts:', '- name: east', '  context: {cluster: east-cluster, user: admin}', ...extra,
    'users:', '- name: admin', '  user: {token: not-read}',
  ].join('\n'));
  return file;
}

describe('ApiServer', () => {
  test('fromUrl with PEM CA data', () => {
    expect(cluster(ApiServer.fromUrl('https://10.0.0.1:6443', { caData: CA, tlsServerName: 'kubernetes' })).apiServerEndpoint).toEqual({
      server: 'https://10.0.0.1:6443', caPem: CA, insecureSkipTlsVerify: false, tlsServerName: 'kubernetes', source: 'url',
    });
  });

  test('fromUrl with base64 CA data, as in a kubeconfig', () => {
    const endpoint = cluster(ApiServer.fromUrl('https://10.0.0.1:6443', { caData: Buffer.from(CA).toString('base64') })).apiServerEndpoint;
    expect(endpoint?.caPem).toEqual(CA);
  });

  test('fromUrl with a CA file', () => {
    const file = path.join(tempDir(), 'ca.crt');
    fs.writeFileSync(file, CA);
    expect(cluster(ApiServer.fromUrl('https://10.0.0.1:6443', { caFile: file })).apiServerEndpoint?.caPem).toEqual(CA);
  });

  test('fromKubeconfig with inline CA data and an explicit context', () => {
    const dir = tempDir();
    const file = kubeconfig(dir, ['server: https://east:6443', `certificate-authority-data: ${Buffer.from(CA).toString('base64')}`, 'insecure-skip-tls-verify: false'],
      ['- name: other', '  context: {cluster: east-cluster, user: admin}']);
    expect(cluster(ApiServer.fromKubeconfig(file, { context: 'other' })).apiServerEndpoint).toEqual({
      server: 'https://east:6443', caPem: CA, insecureSkipTlsVerify: false, tlsServerName: undefined, source: `kubeconfig ${file} context other`,
    });
  });
});
