/**
 * Istio samples, for every version: our cross-network Gateway against
 * `samples/multicluster/expose-services.yaml`, our istiod Gateway and
 * VirtualService against `expose-istiod.yaml` (with a revision:
 * `expose-istiod-rev.yaml.tmpl` with the revision filled in), and SampleApps
 * against `samples/helloworld/helloworld.yaml` and the curl client
 * (`samples/curl/curl.yaml` where the version has it, else `samples/sleep/sleep.yaml`).
 * The sample files carry no namespace (they are applied with `-n`), so the
 * namespace we set is compared as the one the sample is applied to.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { matchAndCompare } from './istio';
import { Ledger, Site } from './ledger';
import { synthesize } from './meshes';
import { versionsOf } from './upstream';
import { ControlPlaneRole, EastWestGateway, IstioVersion, Mesh, MeshCluster, SampleApps } from '../../src';

function readSample(file: string, namespace: string, revision?: string): any[] {
  let text = fs.readFileSync(file, 'utf-8');
  if (revision) { text = text.replace(/\{\{\s*\.Revision\s*\}\}/g, revision); }
  return YAML.parseAllDocuments(text).map(d => d.toJS()).filter(Boolean)
    .map(o => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata?.namespace ?? namespace } }));
}

const isCluster = (o: any) => ['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind);

export function runSamples(upstream: string, ledger: Ledger): void {
  for (const version of versionsOf(upstream, 'istio')) {
    const samples = path.join(upstream, 'istio', version, 'samples');
    for (const revision of [undefined, 'canary']) {
      const out = synthesize(app => {
        const mesh = new Mesh(app, 'mesh1', { istioVersion: IstioVersion.of(version), revision });
        const primary = new MeshCluster(app, 'cluster1', { mesh, network: 'network1' });
        new EastWestGateway(primary, 'EastWestGateway', { address: '192.0.2.10' });
        const remote = new MeshCluster(app, 'cluster2', { mesh, network: 'network2', role: ControlPlaneRole.REMOTE, primary });
        new EastWestGateway(remote, 'EastWestGateway');
        new SampleApps(primary, 'Samples');
      }, `samples ${version}${revision ? ` revision ${revision}` : ''}`);
      const ours = out.clusters.get('cluster1')!.objects;
      const caseName = revision ? `revision ${revision}` : 'default';
      const site = (chart: string) => (object: string): Site => ({ area: 'istio', chart, version, case: caseName, object });

      const mc = path.join(samples, 'multicluster');
      const services = readSample(path.join(mc, 'expose-services.yaml'), 'istio-system');
      matchAndCompare(ledger, site('samples/multicluster/expose-services.yaml'), services,
        ours.filter(o => o.kind === 'Gateway' && o.metadata?.name === 'cross-network-gateway'));
      const istiodFile = revision ? 'expose-istiod-rev.yaml.tmpl' : 'expose-istiod.yaml';
      const istiod = readSample(path.join(mc, istiodFile), 'istio-system', revision);
      matchAndCompare(ledger, site(`samples/multicluster/${istiodFile}`), istiod,
        ours.filter(o => (o.kind === 'Gateway' && o.metadata?.name === 'istiod-gateway') || (o.kind === 'VirtualService' && String(o.metadata?.name).startsWith('istiod-vs'))));

      if (revision) { continue; }
      const sampleNs = 'sample';
      const sampleObjects = ours.filter(o => o.metadata?.namespace === sampleNs && !isCluster(o));
      const hello = readSample(path.join(samples, 'helloworld', 'helloworld.yaml'), sampleNs);
      matchAndCompare(ledger, site('samples/helloworld/helloworld.yaml'), hello,
        sampleObjects.filter(o => String(o.metadata?.name).startsWith('helloworld')));
      const curlFile = fs.existsSync(path.join(samples, 'curl', 'curl.yaml')) ? 'curl/curl.yaml' : 'sleep/sleep.yaml';
      const client = readSample(path.join(samples, curlFile), sampleNs);
      matchAndCompare(ledger, site(`samples/${curlFile}`), client,
        sampleObjects.filter(o => !String(o.metadata?.name).startsWith('helloworld')));
    }
  }
}
