/**
 * AccessConsumer: each factory carries its consumer's behaviour (consumers/), so that
 * RemoteAccess never switches on the kind; these tests pin what each behaviour says.
 */
import * as path from 'path';
import { AccessConsumer, AccessConsumerKind, ApiServer, ControlPlaneRole, Mesh, MeshApp, MeshCluster, RemoteAccess } from '../../src';
import { ARGO_CD_CONSUMER } from '../../src/access/consumers/_argocd';
import { CUSTOM_CONSUMER } from '../../src/access/consumers/_custom';
import { ISTIO_CONSUMER } from '../../src/access/consumers/_istio';
import { KIALI_CONSUMER } from '../../src/access/consumers/_kiali';
import { LINKERD_CONSUMER } from '../../src/access/consumers/_linkerd';
import { tempDir } from '../util';

const CONSUMERS = [
  { name: 'istio', make: () => AccessConsumer.istio(), kind: AccessConsumerKind.ISTIO, behaviour: ISTIO_CONSUMER },
  { name: 'kiali', make: () => AccessConsumer.kiali(), kind: AccessConsumerKind.KIALI, behaviour: KIALI_CONSUMER },
  { name: 'linkerd', make: () => AccessConsumer.linkerdServiceMirror(), kind: AccessConsumerKind.LINKERD_SERVICE_MIRROR, behaviour: LINKERD_CONSUMER },
  { name: 'argocd', make: () => AccessConsumer.argoCd(), kind: AccessConsumerKind.ARGO_CD, behaviour: ARGO_CD_CONSUMER },
  { name: 'custom', make: () => AccessConsumer.custom([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]), kind: AccessConsumerKind.CUSTOM, behaviour: CUSTOM_CONSUMER },
];

describe('AccessConsumer', () => {
  test.each(CONSUMERS)('$name: the factory gives its kind and its consumer file\'s behaviour', ({ make, kind, behaviour }) => {
    // WHEN
    const consumer = make();

    // THEN
    expect([consumer.kind, consumer._behaviour]).toEqual([kind, behaviour]);
  });

  test('what each behaviour says: ServiceAccount by default (not istiod\'s in an Istio mesh), pending records (Istio, Kiali, Argo CD, custom), registration (Kiali)', () => {
    // WHEN
    const said = CONSUMERS.map(c => [
      c.name,
      c.behaviour.createsServiceAccountByDefault(true),
      c.behaviour.createsServiceAccountByDefault(false),
      c.behaviour.pendingRecord,
      c.behaviour.register !== undefined,
      c.behaviour.checkConsumerCluster !== undefined,
    ]);

    // THEN
    expect(said).toEqual([
      ['istio', false, true, {}, false, true],
      ['kiali', true, true, { consumer: 'kiali' }, true, false],
      ['linkerd', true, true, undefined, false, false],
      ['argocd', true, true, { consumer: 'argocd' }, false, false],
      ['custom', true, true, { consumer: 'custom' }, false, false],
    ]);
  });

  test('the istio behaviour refuses a primary-remote remote as the consumer cluster (it runs no istiod)', () => {
    // GIVEN
    const a = new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
    const mesh = new Mesh(a, 'mesh1');
    const primary = new MeshCluster(a, 'primary', { mesh, network: 'n1' });
    const remote = new MeshCluster(a, 'remote', { mesh, network: 'n1', role: ControlPlaneRole.REMOTE, primary });
    const other = new MeshCluster(a, 'other', { apiServer: ApiServer.fromUrl('https://other.example.com:6443', { insecureSkipTlsVerify: true }) });

    // WHEN / THEN
    expect(() => new RemoteAccess(other, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: remote })).toThrow(Error);
    const kiali = new RemoteAccess(other, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: remote });
    expect(kiali.serviceAccountName).toEqual('kiali-service-account');
    expect(kiali.node.findAll().filter(c => c !== kiali).map(c => c.node.id).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'PendingRecord', 'ServiceAccount']);
  });
});
