import * as fs from 'fs';
import * as path from 'path';
import { kubeconfig, kubeconfigText, renderedKubeconfig } from '../../src/access/_remote-secrets';
import type { ApiServerEndpoint } from '../../src/access/api-server';
import type { ResolvedCredential } from '../../src/access/credential';
import { testToken } from '../util/credentials';

const CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

describe('renderedKubeconfig', () => {
  test('is the kubeconfig text, rendered once per cluster, endpoint, credential and user', () => {
    // GIVEN
    const endpoint: ApiServerEndpoint = { server: 'https://c1.example.com:6443', caPem: CA, source: 'url' };
    const credential: ResolvedCredential = { token: testToken() };
    const other: ResolvedCredential = { token: testToken() };

    // WHEN
    const first = renderedKubeconfig('c1', endpoint, credential);
    const again = renderedKubeconfig('c1', endpoint, credential);

    // THEN
    expect(first).toEqual(kubeconfigText(kubeconfig('c1', endpoint, credential)));
    expect(again).toBe(first);
    expect(renderedKubeconfig('c1', endpoint, other)).toEqual(kubeconfigText(kubeconfig('c1', endpoint, other)));
    expect(renderedKubeconfig('c1', endpoint, other)).not.toEqual(first);
    expect(renderedKubeconfig('c2', endpoint, credential)).toEqual(kubeconfigText(kubeconfig('c2', endpoint, credential)));
    expect(renderedKubeconfig('c1', endpoint, credential, 'reader')).toEqual(kubeconfigText(kubeconfig('c1', endpoint, credential, 'reader')));
    const insecure: ApiServerEndpoint = { server: 'https://c1.example.com:6443', insecureSkipTlsVerify: true };
    expect(renderedKubeconfig('c1', insecure, credential)).toEqual(kubeconfigText(kubeconfig('c1', insecure, credential)));
  });
});
