import * as path from 'path';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ControlPlaneRole, DataPlaneMode, EastWestGateway, IstioInstall, IstioVersion, Mesh, MeshApp, MeshCluster, SailUpdateStrategy } from '../../src';
import { expectValid, findObject, helmValuesErrors, loadCluster, parseYaml, tempDir, validationErrors } from '../util';

function app() {
  return new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
}

/** Stands in for an EastWestGateway with a known address (the gateway has its own tests). */
function fakeGateway(cluster: MeshCluster, address: string) {
  const gw = new Construct(cluster, 'FakeGateway');
  Object.assign(gw, { network: cluster.network, address });
  cluster._addGateway(gw as any);
}

function primaryRemote(install: IstioInstall, a: MeshApp = app()) {
  const mesh = new Mesh(a, 'mesh1', { install, istioVersion: IstioVersion.of('1.28.2') });
  const primary = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
  const remote = new MeshCluster(a, 'cluster2', { mesh, network: 'network2', role: ControlPlaneRole.REMOTE, primary });
  fakeGateway(primary, '203.0.113.10');
  fakeGateway(remote, '203.0.113.20');
  return { a, primary, remote };
}

function installFile(a: MeshApp, file: string): { header: string[]; docs: any[] } {
  const f = a.synthFiles().find(x => x.path === file);
  if (!f) { throw new Error(`no file ${file}`); }
  return { header: f.content.split('\n').filter(l => l.startsWith('#')), docs: parseYaml(f.content) };
}

describe('Istio control plane', () => {
  describe('primary-remote', () => {
    test('the remote namespace is annotated with its primary', () => {
      // GIVEN / WHEN
      const { remote, primary } = primaryRemote(IstioInstall.sail());

      // THEN
      expect(findObject(Testing.synth(remote), 'Namespace', 'istio-system').metadata).toEqual({
        name: 'istio-system',
        labels: { 'topology.istio.io/network': 'network2' },
        annotations: { 'topology.istio.io/controlPlaneClusters': 'cluster1' },
      });
      expect(findObject(Testing.synth(primary), 'Namespace', 'istio-system').metadata.annotations).toBeUndefined();
    });

    test('Sail: the primary gets EXTERNAL_ISTIOD, the remote the remote profile', () => {
      // GIVEN / WHEN
      const { primary, remote } = primaryRemote(IstioInstall.sail());

      // THEN
      const p = findObject(Testing.synth(primary), 'Istio', 'default');
      expect(p.spec).toEqual({
        version: 'v1.28.2',
        namespace: 'istio-system',
        values: {
          global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' },
          pilot: { env: { EXTERNAL_ISTIOD: 'true' } },
        },
      });
      const r = findObject(Testing.synth(remote), 'Istio', 'default');
      expect(r.spec).toEqual({
        version: 'v1.28.2',
        namespace: 'istio-system',
        profile: 'remote',
        values: {
          global: {
            meshID: 'mesh1',
            multiCluster: { clusterName: 'cluster2' },
            network: 'network2',
            remotePilotAddress: '203.0.113.10',
          },
          istiodRemote: { injectionPath: '/inject/cluster/cluster2/net/network2' },
        },
      });
      expectValid([p, r]);
    });

    test('Helm before 1.24: the remote installs the istiod-remote chart alone (no remote profile in base/istiod)', () => {
      // GIVEN
      const a = app();
      const mesh = new Mesh(a, 'mesh1', { istioVersion: IstioVersion.of('1.23.6'), install: IstioInstall.helm() });
      const primary = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
      new EastWestGateway(primary, 'EastWestGateway', { address: '203.0.113.10' });

      // WHEN
      const remoteCluster = new MeshCluster(a, 'cluster2', { mesh, network: 'network2', role: ControlPlaneRole.REMOTE, primary });
      new EastWestGateway(remoteCluster, 'EastWestGateway');

      // THEN
      expect(a.synthFiles().map(f => f.path).filter(f => f.startsWith('cluster2/install/'))).toEqual(['cluster2/install/istiod-remote-values.yaml']);
      const remote = installFile(a, 'cluster2/install/istiod-remote-values.yaml');
      expect(remote.docs).toEqual([{
        global: {
          meshID: 'mesh1',
          multiCluster: { clusterName: 'cluster2' },
          network: 'network2',
          remotePilotAddress: '203.0.113.10',
          configCluster: true,
        },
        istiodRemote: { injectionPath: '/inject/cluster/cluster2/net/network2' },
      }]);
      expect(remote.header[1]).toEqual('#   helm install istiod-remote istio/istiod-remote -n istio-system --create-namespace --version 1.23.6 '
        + '--kube-context <cluster2 context> -f istiod-remote-values.yaml');
      expect(remote.header).toContain('# It renders the CRDs itself (global.configCluster): do not install istio/base in this cluster.');
    });

    test('Helm: base and istiod values for the remote, with the helm commands in the header', () => {
      // GIVEN / WHEN
      const { a } = primaryRemote(IstioInstall.helm());

      // THEN
      const base = installFile(a, 'cluster2/install/base-values.yaml');
      expect(base.docs).toEqual([{ profile: 'remote' }]);
      expect(base.header[1]).toEqual(
        '#   helm install istio-base istio/base -n istio-system --create-namespace --version 1.28.2 --kube-context <cluster2 context> -f base-values.yaml');
      const istiod = installFile(a, 'cluster2/install/istiod-values.yaml');
      expect(istiod.docs).toEqual([{
        global: {
          meshID: 'mesh1',
          multiCluster: { clusterName: 'cluster2' },
          network: 'network2',
          remotePilotAddress: '203.0.113.10',
          configCluster: true,
        },
        istiodRemote: { injectionPath: '/inject/cluster/cluster2/net/network2' },
        profile: 'remote',
      }]);
      expect(istiod.header[1]).toEqual(
        '#   helm install istiod istio/istiod -n istio-system --version 1.28.2 --kube-context <cluster2 context> -f istiod-values.yaml');
      expect(installFile(a, 'cluster1/install/istiod-values.yaml').docs).toEqual([{
        global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' },
        pilot: { env: { EXTERNAL_ISTIOD: 'true' } },
      }]);
      expect(installFile(a, 'cluster1/install/base-values.yaml').docs).toEqual([{}]);
      for (const f of ['cluster1/install/istiod-values.yaml', 'cluster2/install/istiod-values.yaml', 'cluster2/install/base-values.yaml']) {
        expect(helmValuesErrors(installFile(a, f).docs[0])).toEqual([]);
      }
    });

    test('Helm: no Istio resource is applied; the cluster directory holds only the namespace', () => {
      const { a } = primaryRemote(IstioInstall.helm());
      expect(a.synthFiles().map(f => f.path).filter(p => p.startsWith('cluster2/'))).toEqual([
        'cluster2/install/base-values.yaml',
        'cluster2/install/istiod-values.yaml',
        'cluster2/kustomization.yaml',
        'cluster2/namespace.istio-system.yaml',
      ]);
    });

    test('istioctl: an IstioOperator file with the remote profile', () => {
      // GIVEN / WHEN
      const { a } = primaryRemote(IstioInstall.istioctl());

      // THEN
      const iop = installFile(a, 'cluster2/install/istio-operator.yaml');
      expect(iop.docs).toEqual([{
        apiVersion: 'install.istio.io/v1alpha1',
        kind: 'IstioOperator',
        metadata: { name: 'control-plane', namespace: 'istio-system' },
        spec: {
          profile: 'remote',
          values: {
            global: {
              meshID: 'mesh1',
              multiCluster: { clusterName: 'cluster2' },
              network: 'network2',
              remotePilotAddress: '203.0.113.10',
            },
            istiodRemote: { injectionPath: '/inject/cluster/cluster2/net/network2' },
          },
        },
      }]);
      expect(iop.header).toContain('# It is an istioctl input file: the in-cluster operator was removed in Istio 1.24, so do not kubectl apply it.');
      expect(validationErrors(iop.docs[0])).toEqual([]);
    });
  });

  test('Sail with a revision: the reader ServiceAccount the base chart would hold is emitted; not without a revision nor on other routes', () => {
    // GIVEN
    const a = app();
    const cluster = (id: string, install: IstioInstall, revision?: string) => new MeshCluster(a, id, { mesh: new Mesh(a, `m-${id}`, { install, revision }) });

    // WHEN
    const sailRev = cluster('sailrev', IstioInstall.sail(), 'canary');
    const sail = cluster('sail', IstioInstall.sail());
    const helmRev = cluster('helmrev', IstioInstall.helm(), 'canary');

    // THEN
    expect(findObject(Testing.synth(sailRev), 'ServiceAccount', 'istio-reader-service-account', 'istio-system').metadata.labels)
      .toEqual({ 'app': 'istio-reader', 'app.kubernetes.io/name': 'istio-reader' });
    expect(Testing.synth(sail).filter(o => o.kind === 'ServiceAccount')).toEqual([]);
    expect(Testing.synth(helmRev).filter(o => o.kind === 'ServiceAccount')).toEqual([]);
    expectValid(Testing.synth(sailRev));
  });

  test('revision, namespace, discovery selectors and update strategy reach every install method', () => {
    // GIVEN
    const a = app();
    const selectors = [{ matchLabels: { 'istio-discovery': 'enabled' } }];
    const sail = new Mesh(a, 'sail', { revision: 'canary', istioNamespace: 'istio-control', install: IstioInstall.sail({ updateStrategy: SailUpdateStrategy.REVISION_BASED }) });
    const helm = new Mesh(a, 'helm', { revision: 'canary', istioNamespace: 'istio-control', install: IstioInstall.helm() });
    const ioc = new Mesh(a, 'ioc', { revision: 'canary', istioNamespace: 'istio-control', install: IstioInstall.istioctl() });

    // WHEN
    const c1 = new MeshCluster(a, 'c1', { mesh: sail, discoverySelectors: selectors });
    new MeshCluster(a, 'c2', { mesh: helm, discoverySelectors: selectors });
    new MeshCluster(a, 'c3', { mesh: ioc, discoverySelectors: selectors });

    // THEN
    const istio = findObject(Testing.synth(c1), 'Istio', 'canary');
    expect(istio.spec).toEqual({
      version: 'v1.30.3',
      namespace: 'istio-control',
      updateStrategy: { type: 'RevisionBased' },
      values: {
        global: { meshID: 'sail', multiCluster: { clusterName: 'c1' }, network: 'c1', istioNamespace: 'istio-control' },
        meshConfig: { discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }] },
      },
    });
    expectValid([istio]);
    expect(findObject(Testing.synth(c1), 'Namespace', 'istio-control')).toBeDefined();

    expect(installFile(a, 'c2/install/istiod-values.yaml').docs[0]).toEqual({
      global: { meshID: 'helm', multiCluster: { clusterName: 'c2' }, network: 'c2', istioNamespace: 'istio-control' },
      meshConfig: { discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }] },
      revision: 'canary',
    });
    expect(installFile(a, 'c2/install/base-values.yaml').docs[0]).toEqual({ global: { istioNamespace: 'istio-control' }, defaultRevision: 'canary' });
    expect(installFile(a, 'c2/install/istiod-values.yaml').header[1]).toEqual(
      '#   helm install istiod-canary istio/istiod -n istio-control --version 1.30.3 --kube-context <c2 context> -f istiod-values.yaml');

    const iop = installFile(a, 'c3/install/istio-operator.yaml').docs[0];
    expect(iop.metadata).toEqual({ name: 'control-plane-canary', namespace: 'istio-control' });
    expect(iop.spec).toEqual({
      revision: 'canary',
      meshConfig: { discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }] },
      values: { global: { meshID: 'ioc', multiCluster: { clusterName: 'c3' }, network: 'c3', istioNamespace: 'istio-control' } },
    });
    expect(validationErrors(iop)).toEqual([]);
  });

  test('the synthesized tree of every install method is schema-valid', () => {
    for (const install of [IstioInstall.sail(), IstioInstall.helm(), IstioInstall.istioctl()]) {
      const outdir = path.join(tempDir(), 'dist');
      const { a } = primaryRemote(install, new MeshApp({ outdir, keyStore: path.join(tempDir(), 'keys') }));
      a.synth();
      for (const c of ['cluster1', 'cluster2']) {
        const { objects, install: files } = loadCluster(path.join(outdir, c));
        expectValid(objects);
        for (const [name, docs] of Object.entries(files)) {
          const errors = name.endsWith('-values.yaml') ? helmValuesErrors(docs[0]) : validationErrors(docs[0]);
          expect(errors).toEqual([]);
        }
      }
    }
  });
});

describe('Istio control plane in ambient mode', () => {
  /** Two primaries on two networks of an ambient mesh (istio.io's ambient multi-primary guide). */
  function ambientPair(install: IstioInstall, props: { istioVersion?: IstioVersion; revision?: string; globalNamespaces?: string[] } = {}) {
    const a = app();
    const mesh = new Mesh(a, 'mesh1', { install, dataPlaneMode: DataPlaneMode.AMBIENT, istioVersion: props.istioVersion ?? IstioVersion.of('1.28.10'), ...props });
    const cluster1 = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
    const cluster2 = new MeshCluster(a, 'cluster2', { mesh, network: 'network2' });
    fakeGateway(cluster1, '203.0.113.10');
    fakeGateway(cluster2, '203.0.113.20');
    return { a, mesh, cluster1, cluster2 };
  }

  test('Sail: the Istio resource has the ambient profile and AMBIENT_ENABLE_MULTI_NETWORK; IstioCNI and ZTunnel beside it', () => {
    // GIVEN / WHEN
    const { cluster1 } = ambientPair(IstioInstall.sail());

    // THEN
    const objects = Testing.synth(cluster1);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Istio/default', 'IstioCNI/default', 'Namespace/istio-cni', 'Namespace/istio-system', 'Namespace/ztunnel', 'ZTunnel/default',
    ]);
    expect(findObject(objects, 'Istio', 'default').spec).toEqual({
      version: 'v1.28.10',
      namespace: 'istio-system',
      profile: 'ambient',
      values: {
        global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' },
        pilot: { env: { AMBIENT_ENABLE_MULTI_NETWORK: 'true' }, trustedZtunnelNamespace: 'ztunnel' },
      },
    });
    expect(findObject(objects, 'IstioCNI', 'default')).toEqual({
      apiVersion: 'sailoperator.io/v1',
      kind: 'IstioCNI',
      metadata: { name: 'default' },
      spec: { version: 'v1.28.10', namespace: 'istio-cni', profile: 'ambient' },
    });
    expect(findObject(objects, 'ZTunnel', 'default')).toEqual({
      apiVersion: 'sailoperator.io/v1',
      kind: 'ZTunnel',
      metadata: { name: 'default' },
      spec: { version: 'v1.28.10', namespace: 'ztunnel', values: { ztunnel: { multiCluster: { clusterName: 'cluster1' }, network: 'network1' } } },
    });
    expect(findObject(objects, 'Namespace', 'istio-system').metadata.labels).toEqual({ 'topology.istio.io/network': 'network1' });
    expectValid(objects);
  });

  test('Helm: istiod values with profile ambient, and values files for the cni and ztunnel charts', () => {
    // GIVEN / WHEN
    const { a } = ambientPair(IstioInstall.helm(), { revision: 'canary' });

    // THEN
    expect(a.synthFiles().map(f => f.path).filter(f => f.startsWith('cluster2/install/')).sort()).toEqual([
      'cluster2/install/base-values.yaml', 'cluster2/install/cni-values.yaml', 'cluster2/install/istiod-values.yaml', 'cluster2/install/ztunnel-values.yaml',
    ]);
    const istiod = installFile(a, 'cluster2/install/istiod-values.yaml').docs[0];
    expect(istiod).toEqual({
      global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster2' }, network: 'network2' },
      pilot: { env: { AMBIENT_ENABLE_MULTI_NETWORK: 'true' } },
      profile: 'ambient',
      revision: 'canary',
    });
    expect(helmValuesErrors(istiod)).toEqual([]);
    const cni = installFile(a, 'cluster2/install/cni-values.yaml');
    expect(cni.docs).toEqual([{ profile: 'ambient', revision: 'canary' }]);
    expect(cni.header[1]).toEqual('#   helm install istio-cni istio/cni -n istio-system --version 1.28.10 --kube-context <cluster2 context> -f cni-values.yaml');
    const ztunnel = installFile(a, 'cluster2/install/ztunnel-values.yaml');
    expect(ztunnel.docs).toEqual([{ multiCluster: { clusterName: 'cluster2' }, network: 'network2', revision: 'canary' }]);
    expect(ztunnel.header[1]).toEqual('#   helm install ztunnel istio/ztunnel -n istio-system --version 1.28.10 --kube-context <cluster2 context> -f ztunnel-values.yaml');
  });

  test('istioctl: the IstioOperator has profile ambient and the env on components.pilot.k8s.env, as the istio.io guide writes it', () => {
    // GIVEN / WHEN
    const { a } = ambientPair(IstioInstall.istioctl());

    // THEN
    expect(installFile(a, 'cluster1/install/istio-operator.yaml').docs[0]).toEqual({
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name: 'control-plane', namespace: 'istio-system' },
      spec: {
        profile: 'ambient',
        components: { pilot: { k8s: { env: [{ name: 'AMBIENT_ENABLE_MULTI_NETWORK', value: 'true' }] } } },
        values: { global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' } },
      },
    });
  });

  test('global namespaces become a serviceScopeConfigs entry after the profile\'s istio.io/global one', () => {
    // GIVEN / WHEN
    const { a } = ambientPair(IstioInstall.helm(), { globalNamespaces: ['sample', 'apps', 'sample'] });

    // THEN
    const meshConfig = installFile(a, 'cluster1/install/istiod-values.yaml').docs[0].meshConfig;
    expect(meshConfig).toEqual({
      serviceScopeConfigs: [
        { servicesSelector: { matchExpressions: [{ key: 'istio.io/global', operator: 'In', values: ['true'] }] }, scope: 'GLOBAL' },
        { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['apps', 'sample'] }] }, scope: 'GLOBAL' },
      ],
    });
    expect(helmValuesErrors({ meshConfig })).toEqual([]);
  });

  test('a sidecar mesh gets none of it', () => {
    // GIVEN / WHEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1', { install: IstioInstall.helm() });
    new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });

    // THEN
    expect(a.synthFiles().map(f => f.path).filter(f => f.startsWith('cluster1/install/')).sort()).toEqual([
      'cluster1/install/base-values.yaml', 'cluster1/install/istiod-values.yaml',
    ]);
    expect(installFile(a, 'cluster1/install/istiod-values.yaml').docs[0].profile).toBeUndefined();
  });
});
