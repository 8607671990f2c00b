import { formatWarning } from '../../src/output/_warnings';

describe('formatWarning', () => {
  test('a pending credential: the headline, then numbered steps, each command on its own line', () => {
    // GIVEN the one-line text of a warning, as the construct writes it
    const text = 'mesh.yaml:3:1 RemoteAccess/kiali: Secret istio-system/x in cluster "c1" is pending: no credential was given. '
      + 'Complete it: give Cluster/c2 an apiServer or kubeconfig; run (umask 077; kubectl --context=c2 create token x > keys/c2/x.token) ; '
      + 'set spec.credentials.tokenFile: keys/c2/x.token (relative to the mesh file) ; synthesize again, and apply keys/c1/s.yaml to cluster "c1"';

    // WHEN
    const out = formatWarning(text);

    // THEN
    expect(out.split('\n')).toEqual([
      'warning: mesh.yaml:3:1 RemoteAccess/kiali: Secret istio-system/x in cluster "c1" is pending: no credential was given.',
      '  Complete it:',
      '  1. give Cluster/c2 an apiServer or kubeconfig',
      '  2. run:',
      '       (umask 077; kubectl --context=c2 create token x > keys/c2/x.token)',
      '  3. set spec.credentials.tokenFile: keys/c2/x.token (relative to the mesh file)',
      '  4. synthesize again, and apply keys/c1/s.yaml to cluster "c1"',
      '',
    ]);
  });

  test('a "run, against cluster" step keeps its qualifier in the label', () => {
    // GIVEN
    const text = 'x: legacy controller found. Complete them: run, against cluster "east": linkerd mc unlink --cluster-name west | kubectl delete -f -';

    // WHEN / THEN
    expect(formatWarning(text)).toEqual('warning: x: legacy controller found.\n  Complete them:\n  - run, against cluster "east":\n'
      + '       linkerd mc unlink --cluster-name west | kubectl delete -f -\n');
  });

  test('a warning without steps is printed as it is, on one line', () => {
    expect(formatWarning('Istio 1.18.0 is older than 1.22: it is modelled as 1.22')).toEqual('warning: Istio 1.18.0 is older than 1.22: it is modelled as 1.22\n');
  });
});
