import * as path from 'path';
import * as YAML from 'yaml';
import {
  AccessConsumer, ControlPlaneRole, DataPlaneMode, EastWestGateway, GitOpsDelivery, GitOpsEngine, IstioInstall, IstioVersion, KeyAlgorithm, Mesh,
  MeshApp, MeshCluster, MeshProvider, RemoteAccess, SecretDelivery, ServiceMirrorLink, SynthesizedFile, TrustRoot,
} from '../../src';
import { InstallFile } from '../../src/output/_install-file';
import { expectValid, findObject, objectsOfKind, tempDir } from '../util';

const REPO = 'https://git.example.com/platform/mesh.git';
/** age's README example recipient (a public key). */
const AGE_RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

function paths() {
  const root = tempDir();
  return { outdir: path.join(root, 'dist'), keyStore: path.join(root, 'keys') };
}

function istioApp(delivery: GitOpsDelivery, install = IstioInstall.helm()): MeshApp {
  const app = new MeshApp({ ...paths(), delivery });
  const mesh = new Mesh(app, 'mesh1', { install });
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256 });
  const east = new MeshCluster(app, 'east', { mesh, network: 'network1' });
  const west = new MeshCluster(app, 'west', { mesh, network: 'network1' });
  new RemoteAccess(west, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: east });
  return app;
}

function linkerdApp(delivery: GitOpsDelivery): MeshApp {
  const app = new MeshApp({ ...paths(), delivery });
  const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD });
  new TrustRoot(app, 'TrustRoot', { mesh });
  const east = new MeshCluster(app, 'east', { mesh });
  const west = new MeshCluster(app, 'west', { mesh });
  new ServiceMirrorLink(app, 'east-mirrors-west', { source: east, target: west, gatewayAddresses: ['198.51.100.10'] });
  return app;
}

function deliveryDocs(files: SynthesizedFile[], engine: string): any[] {
  return files.filter(f => f.path.startsWith(`_delivery/${engine}/`) && !f.path.endsWith('/kustomization.yaml'))
    .map(f => YAML.parse(f.content));
}

function fileOf(files: SynthesizedFile[], p: string): any {
  const f = files.find(x => x.path === p);
  if (!f) { throw new Error(`no file ${p} in ${files.map(x => x.path).join(', ')}`); }
  return YAML.parse(f.content);
}

/** The files a directory-source Application includes (`a.yaml` or `{a.yaml,b.yaml}`). */
function included(app: any): string[] {
  const glob: string = app.spec.source.directory.include;
  return glob.startsWith('{') ? glob.slice(1, -1).split(',') : [glob];
}

describe('GitOpsDelivery.argoCd()', () => {
  test('one Application applied by hand syncs the AppProject and an Application per cluster, whose children are the phases, all schema-valid', () => {
    // GIVEN
    const app = istioApp(GitOpsDelivery.argoCd({ repoUrl: REPO }));

    // WHEN
    const files = app.synthFiles();
    const docs = deliveryDocs(files, 'argocd');

    // THEN
    expectValid(docs);
    expect(fileOf(files, '_delivery/argocd/kustomization.yaml').resources).toEqual(['apps/appproject.argocd.mesh.yaml', 'application.argocd.mesh.yaml']);
    const top = findObject(docs, 'Application', 'mesh', 'argocd');
    expect(top.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'dist/_delivery/argocd/apps' });
    expect(fileOf(files, '_delivery/argocd/apps/kustomization.yaml').resources).toEqual([
      'appproject.argocd.mesh.yaml', 'application.argocd.mesh-east.yaml', 'application.argocd.mesh-west.yaml',
    ]);
    const project = findObject(docs, 'AppProject', 'mesh', 'argocd');
    expect(project.spec.sourceRepos).toEqual([REPO, 'https://istio-release.storage.googleapis.com/charts']);
    // Argo CD runs in east, a mesh cluster: every namespace of its own cluster, and west by its cluster Secret's name.
    expect(project.spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: '*' },
      { name: 'west', namespace: '*' },
    ]);
    const root = findObject(docs, 'Application', 'mesh-west', 'argocd');
    expect(root.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'dist/_delivery/argocd/west' });
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    expect(fileOf(files, '_delivery/argocd/west/kustomization.yaml').resources).toEqual([
      'application.argocd.mesh-west-prerequisites.yaml', 'application.argocd.mesh-west-istio-base.yaml',
      'application.argocd.mesh-west-istiod.yaml', 'application.argocd.mesh-west-manifests.yaml',
    ]);
  });

  test('Helm parts are multi-source Applications: the pinned chart with our values file through the $values ref', () => {
    // GIVEN
    const app = istioApp(GitOpsDelivery.argoCd({ repoUrl: REPO, revision: 'v1', pathPrefix: 'clusters/prod/', project: 'prod' }));

    // WHEN
    const docs = deliveryDocs(app.synthFiles(), 'argocd');

    // THEN
    const istiod = findObject(docs, 'Application', 'prod-west-istiod', 'argocd');
    expect(istiod.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '20' });
    expect(istiod.spec.project).toBe('prod');
    expect(istiod.spec.sources).toEqual([
      {
        repoURL: 'https://istio-release.storage.googleapis.com/charts',
        chart: 'istiod',
        targetRevision: '1.30.3',
        helm: { releaseName: 'istiod', valueFiles: ['$values/clusters/prod/west/install/istiod-values.yaml'] },
      },
      { repoURL: REPO, targetRevision: 'v1', ref: 'values' },
    ]);
    expect(istiod.spec.destination).toEqual({ name: 'west', namespace: 'istio-system' });
    expect(istiod.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'RespectIgnoreDifferences=true']);
    expect(istiod.spec.ignoreDifferences.map((d: any) => [d.kind, d.jqPathExpressions])).toEqual([
      ['ValidatingWebhookConfiguration', ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy']],
      ['MutatingWebhookConfiguration', ['.webhooks[]?.clientConfig.caBundle']],
    ]);
    const base = findObject(docs, 'Application', 'prod-west-istio-base', 'argocd');
    expect(base.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '10' });
    expect(base.spec.sources[0]).toMatchObject({ chart: 'base', targetRevision: '1.30.3' });
    expect(base.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true', 'RespectIgnoreDifferences=true']);
    // Argo CD runs in east: east is its own cluster.
    expect(findObject(docs, 'Application', 'prod-east-istiod', 'argocd').spec.destination)
      .toEqual({ server: 'https://kubernetes.default.svc', namespace: 'istio-system' });
  });

  test('the directory Applications together include exactly the files of the cluster kustomization, each once', () => {
    // GIVEN
    const app = istioApp(GitOpsDelivery.argoCd({ repoUrl: REPO }));

    // WHEN
    const files = app.synthFiles();
    const docs = deliveryDocs(files, 'argocd');

    // THEN
    const pre = findObject(docs, 'Application', 'mesh-west-prerequisites', 'argocd');
    const manifests = findObject(docs, 'Application', 'mesh-west-manifests', 'argocd');
    expect(pre.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(manifests.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('40');
    expect(included(pre)).toEqual(['namespace.istio-system.yaml']);
    expect(manifests.spec.syncPolicy.syncOptions).toEqual(['SkipDryRunOnMissingResource=true']);
    const all = [...included(pre), ...included(manifests)].sort();
    expect(all).toEqual([...fileOf(files, 'west/kustomization.yaml').resources].sort());
  });

  test('a Sail install puts the Istio resource in the control-plane wave', () => {
    // GIVEN
    const app = istioApp(GitOpsDelivery.argoCd({ repoUrl: REPO }), IstioInstall.sail());

    // WHEN
    const docs = deliveryDocs(app.synthFiles(), 'argocd');

    // THEN
    const cp = findObject(docs, 'Application', 'mesh-west-control-plane', 'argocd');
    expect(cp.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('20');
    expect(included(cp)).toEqual(['istio.default.yaml']);
    expect(objectsOfKind(docs, 'Application').filter(a => a.spec.sources)).toEqual([]);
  });

  test('a Kiali that reads another cluster is delivered as the kiali-server chart at its version, with its values file', () => {
    // GIVEN
    const app = istioApp(GitOpsDelivery.argoCd({ repoUrl: REPO }));
    const [east, west] = ['east', 'west'].map(n => app.node.findChild(n) as MeshCluster);
    new RemoteAccess(west, 'Kiali', { consumer: AccessConsumer.kiali({ version: 'v2.22.0' }), consumerCluster: east });

    // WHEN
    const docs = deliveryDocs(app.synthFiles(), 'argocd');

    // THEN
    const kiali = findObject(docs, 'Application', 'mesh-east-kiali-server', 'argocd');
    expect(kiali.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '30' });
    expect(kiali.spec.sources[0]).toEqual({
      repoURL: 'https://kiali.org/helm-charts',
      chart: 'kiali-server',
      targetRevision: '2.22.0',
      helm: { releaseName: 'kiali-server', valueFiles: ['$values/dist/east/install/kiali-server-values.yaml'] },
    });
    expect(kiali.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'istio-system' });
    expect(kiali.spec.ignoreDifferences).toBeUndefined();
  });

  test('a remote before Istio 1.24 gets the istiod-remote chart alone, in the control-plane wave', () => {
    // GIVEN
    const app = new MeshApp({ ...paths(), delivery: GitOpsDelivery.argoCd({ repoUrl: REPO }) });
    const mesh = new Mesh(app, 'mesh1', { istioVersion: IstioVersion.of('1.23.6'), install: IstioInstall.helm() });
    const primary = new MeshCluster(app, 'east', { mesh, network: 'network1' });
    new EastWestGateway(primary, 'EastWestGateway', { address: '203.0.113.10' });
    const remote = new MeshCluster(app, 'west', { mesh, network: 'network2', role: ControlPlaneRole.REMOTE, primary });
    new EastWestGateway(remote, 'EastWestGateway');
    new RemoteAccess(remote, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: primary });

    // WHEN
    const files = app.synthFiles();
    const docs = deliveryDocs(files, 'argocd');

    // THEN
    expectValid(docs);
    expect(fileOf(files, '_delivery/argocd/west/kustomization.yaml').resources).toEqual([
      'application.argocd.mesh-west-prerequisites.yaml', 'application.argocd.mesh-west-istiod-remote.yaml', 'application.argocd.mesh-west-manifests.yaml',
    ]);
    const app2 = findObject(docs, 'Application', 'mesh-west-istiod-remote', 'argocd');
    expect(app2.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '20' });
    expect(app2.spec.sources[0]).toEqual({
      repoURL: 'https://istio-release.storage.googleapis.com/charts',
      chart: 'istiod-remote',
      targetRevision: '1.23.6',
      helm: { releaseName: 'istiod-remote', valueFiles: ['$values/dist/west/install/istiod-remote-values.yaml'] },
    });
  });

  test('a values file whose chart the delivery does not know is not delivered, and the synth says so', () => {
    // GIVEN: an install file no table entry covers (as a new chart would add)
    const app = istioApp(GitOpsDelivery.argoCd({ repoUrl: REPO }));
    new InstallFile(app.node.findChild('west'), 'Unknown', { fileName: 'unknown-chart-values.yaml', header: ['test'], render: () => ({}) });

    // WHEN
    const tree = app._render();

    // THEN
    expect(tree.warnings).toContain('MeshApp.delivery: cluster "west": install/unknown-chart-values.yaml is not delivered: GitOps delivery knows no chart '
      + 'for it; install it as the file header says');
    expect(tree.outdir.filter(f => f.path.startsWith('_delivery/') && f.content.includes('unknown-chart'))).toEqual([]);
  });

  test('an ambient mesh installed with Helm gets istio/cni and istio/ztunnel after istiod, with their values files', () => {
    // GIVEN
    const app = new MeshApp({ ...paths(), delivery: GitOpsDelivery.argoCd({ repoUrl: REPO }) });
    const mesh = new Mesh(app, 'mesh1', { install: IstioInstall.helm(), dataPlaneMode: DataPlaneMode.AMBIENT });
    const east = new MeshCluster(app, 'east', { mesh, network: 'network1' });
    const west = new MeshCluster(app, 'west', { mesh, network: 'network1' });
    new RemoteAccess(west, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: east });

    // WHEN
    const tree = app._render();
    const docs = deliveryDocs(tree.outdir, 'argocd');

    // THEN
    expect(tree.warnings.filter(w => w.startsWith('MeshApp.delivery'))).toEqual([]);
    for (const [name, chart, release] of [['mesh-west-istio-cni', 'cni', 'istio-cni'], ['mesh-west-ztunnel', 'ztunnel', 'ztunnel']]) {
      const a = findObject(docs, 'Application', name, 'argocd');
      expect(a.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '30' });
      expect(a.spec.sources[0]).toEqual({
        repoURL: 'https://istio-release.storage.googleapis.com/charts',
        chart,
        targetRevision: '1.30.3',
        helm: { releaseName: release, valueFiles: [`$values/dist/west/install/${chart}-values.yaml`] },
      });
      expect(a.spec.ignoreDifferences).toBeUndefined();
    }
    expect(findObject(docs, 'Application', 'mesh-west-istiod', 'argocd').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '20' });
  });

  test('exposes the checked settings with their defaults', () => {
    // WHEN
    const d = GitOpsDelivery.argoCd({ repoUrl: 'git@github.com:org/mesh.git', pathPrefix: './' });

    // THEN
    expect([d.engine, d.repoUrl, d.revision, d.pathPrefix, d.namespace]).toEqual([GitOpsEngine.ARGO_CD, 'git@github.com:org/mesh.git', 'main', '', 'argocd']);
  });
});

describe('GitOpsDelivery.flux()', () => {
  const flux = () => GitOpsDelivery.flux({ repoUrl: REPO, managementCluster: 'east', kubeConfigSecrets: { west: 'west-kubeconfig' } });

  test('a GitRepository, the HelmRepository, and per cluster a chain of Kustomizations that wait, all schema-valid', () => {
    // GIVEN
    const app = linkerdApp(flux());

    // WHEN
    const files = app.synthFiles();
    const docs = [...deliveryDocs(files, 'flux')];

    // THEN
    expectValid(docs);
    expect(findObject(docs, 'GitRepository', 'mesh', 'flux-system').spec).toEqual({ interval: '10m', url: REPO, ref: { branch: 'main' } });
    // The directory keeps itself in sync after the first kubectl apply.
    expect(findObject(docs, 'Kustomization', 'mesh', 'flux-system').spec).toEqual({
      interval: '10m', sourceRef: { kind: 'GitRepository', name: 'mesh' }, path: './dist/_delivery/flux', prune: true,
    });
    expect(fileOf(files, '_delivery/flux/kustomization.yaml').resources.slice(0, 3)).toEqual([
      'gitrepository.flux-system.mesh.yaml', 'kustomization.flux-system.mesh.yaml', 'helmrepository.flux-system.mesh-linkerd-edge.yaml',
    ]);
    expect(findObject(docs, 'HelmRepository', 'mesh-linkerd-edge', 'flux-system').spec).toEqual({ interval: '10m', url: 'https://helm.linkerd.io/edge' });
    const chain = ['prerequisites', 'crds-helm', 'control-plane-helm', 'extensions-helm', 'manifests']
      .map(p => findObject(docs, 'Kustomization', `mesh-west-${p}`, 'flux-system'));
    expect(chain.map(k => k.spec.dependsOn)).toEqual([undefined,
      [{ name: 'mesh-west-prerequisites' }], [{ name: 'mesh-west-crds-helm' }], [{ name: 'mesh-west-control-plane-helm' }],
      [{ name: 'mesh-west-extensions-helm' }]]);
    expect(chain.map(k => [k.spec.wait, k.spec.prune])).toEqual(Array(5).fill([true, true]));
    // Directory phases apply into west through its kubeconfig; HelmReleases are applied in the management cluster.
    expect(chain.map(k => k.spec.kubeConfig)).toEqual([{ secretRef: { name: 'west-kubeconfig' } }, undefined, undefined, undefined,
      { secretRef: { name: 'west-kubeconfig' } }]);
    expect(findObject(docs, 'Kustomization', 'mesh-east-manifests', 'flux-system').spec.kubeConfig).toBeUndefined();
    expect(chain[4].spec.path).toBe('./dist/_delivery/flux/west/40-manifests');
  });

  test('intervalSeconds is every object\'s spec.interval, as a Go duration', () => {
    // GIVEN
    const app = linkerdApp(GitOpsDelivery.flux({ repoUrl: REPO, managementCluster: 'east', kubeConfigSecrets: { west: 'west-kubeconfig' }, intervalSeconds: 90 }));

    // WHEN
    const docs = [...deliveryDocs(app.synthFiles(), 'flux')];

    // THEN
    const intervals = new Set(docs.filter(o => o.spec?.interval !== undefined).map(o => o.spec.interval));
    expect([...intervals]).toEqual(['1m30s']);
    expect(findObject(docs, 'GitRepository', 'mesh', 'flux-system').spec.interval).toEqual('1m30s');
  });

  test('HelmReleases take our values file through a generated ConfigMap, and every path resolves to a synthesized file', () => {
    // GIVEN
    const app = linkerdApp(flux());

    // WHEN
    const files = app.synthFiles();
    const docs = deliveryDocs(files, 'flux');

    // THEN
    const cp = findObject(docs, 'HelmRelease', 'mesh-west-linkerd-control-plane', 'flux-system');
    expect(cp.spec).toMatchObject({
      releaseName: 'linkerd-control-plane',
      targetNamespace: 'linkerd',
      storageNamespace: 'linkerd',
      chart: { spec: { chart: 'linkerd-control-plane', version: '2026.8.3', sourceRef: { kind: 'HelmRepository', name: 'mesh-linkerd-edge' } } },
      install: { createNamespace: true },
      kubeConfig: { secretRef: { name: 'west-kubeconfig' } },
      valuesFrom: [{ kind: 'ConfigMap', name: 'mesh-west-linkerd-control-plane-values', valuesKey: 'values.yaml' }],
    });
    const k = fileOf(files, '_delivery/flux/west/20-control-plane-helm/kustomization.yaml');
    expect(k.configMapGenerator).toEqual([{
      name: 'mesh-west-linkerd-control-plane-values',
      namespace: 'flux-system',
      files: ['values.yaml=../../../../west/install/linkerd-control-plane-values.yaml'],
      options: { disableNameSuffixHash: true, labels: { 'app.kubernetes.io/managed-by': 'cdk8s-multicluster-mesh' } },
    }]);
    const written = new Set(files.map(f => f.path));
    for (const f of files.filter(x => x.path.startsWith('_delivery/flux/') && x.path.endsWith('/kustomization.yaml'))) {
      const dir = path.posix.dirname(f.path);
      const doc = YAML.parse(f.content);
      const refs = [...doc.resources, ...(doc.configMapGenerator ?? []).flatMap((g: any) => g.files.map((x: string) => x.split('=')[1]))];
      for (const r of refs) {
        expect([f.path, written.has(path.posix.normalize(path.posix.join(dir, r)))]).toEqual([f.path, true]);
      }
    }
    expect(fileOf(files, '_delivery/flux/west/00-prerequisites/kustomization.yaml').resources).toEqual([
      '../../../../west/namespace.linkerd-multicluster.yaml', '../../../../west/namespace.linkerd.yaml',
      '../../../../west/configmap.linkerd.linkerd-identity-trust-roots.yaml',
    ]);
  });

  test('with SOPS secret delivery, the Kustomizations that apply cluster directories decrypt with the sops-age Secret; HelmRelease units do not', () => {
    // GIVEN
    const app = new MeshApp({
      ...paths(),
      delivery: GitOpsDelivery.flux({ repoUrl: REPO, managementCluster: 'east', kubeConfigSecrets: { west: 'west-kubeconfig' } }),
      secretDelivery: SecretDelivery.sops({ ageRecipients: [AGE_RECIPIENT] }),
    });
    const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD });
    new TrustRoot(app, 'TrustRoot', { mesh });
    new MeshCluster(app, 'east', { mesh });
    new MeshCluster(app, 'west', { mesh });

    // WHEN
    const docs = deliveryDocs(app.synthFiles(), 'flux').filter(d => d.kind === 'Kustomization' && d.spec.path.includes('/west'));

    // THEN
    const decryption = Object.fromEntries(docs.map(d => [d.metadata.name, d.spec.decryption]));
    expect(decryption['mesh-west-manifests']).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    expect(decryption['mesh-west-crds-helm']).toBeUndefined();
    expectValid(docs);
  });

  test('SOPS with Argo CD: a warning that Argo CD needs KSOPS to apply the encrypted Secrets', () => {
    // GIVEN
    const app = new MeshApp({
      ...paths(), delivery: GitOpsDelivery.argoCd({ repoUrl: REPO }), secretDelivery: SecretDelivery.sops({ ageRecipients: [AGE_RECIPIENT] }),
    });
    const mesh = new Mesh(app, 'mesh1', { install: IstioInstall.helm() });
    new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256 });
    const east = new MeshCluster(app, 'east', { mesh, network: 'network1' });
    const west = new MeshCluster(app, 'west', { mesh, network: 'network1' });
    new RemoteAccess(west, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: east });

    // WHEN / THEN
    expect(app._render().warnings).toContain('MeshApp.delivery: Argo CD applies the SOPS-encrypted Secrets (*.sops.yaml) only when its repo server '
      + 'decrypts them (KSOPS); without that, use secretDelivery sealedSecrets or externalSecrets with Argo CD (docs/secrets.md)');
  });

  test('without delivery nothing is written beside the cluster directories', () => {
    // GIVEN
    const app = new MeshApp(paths());
    const mesh = new Mesh(app, 'mesh1');
    new MeshCluster(app, 'east', { mesh, network: 'network1' });

    // WHEN
    const files = app.synthFiles();

    // THEN
    expect(files.map(f => f.path.split('/')[0])).toEqual(files.map(() => 'east'));
  });
});
