/**
 * The graph as a Mermaid flowchart: the same meshes, networks, clusters and
 * edges as the DOT picture (`_dot.ts`); edges to a network go to its subgraph.
 */
import type { GraphModel } from './_model';
import {
  accessLines, clusterLines, clusterPending, credentialPending, discoveryLines, discoveryPending, linkLines, trustLines, COLOURS,
  PictureOptions,
} from './_style';

/** A Mermaid id: letters, digits and underscores. */
function id(kind: string, name: string): string {
  return `${kind}_${name.replace(/[^A-Za-z0-9]/g, c => `_${c.charCodeAt(0).toString(16)}`)}`;
}

/** A Mermaid quoted label: lines joined by <br/>, quotes and markup characters as entities. */
function text(lines: string[]): string {
  const esc = (s: string) => s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  return `"${lines.map(esc).join('<br/>')}"`;
}

/** Renders the model as a Mermaid flowchart. */
export function toMermaid(model: GraphModel, o: PictureOptions): string {
  const out: string[] = ['flowchart TB'];
  const edges: string[] = [];
  const styled: { pending: string[]; primary: string[]; remote: string[]; trust: string[]; discovery: string[] } = {
    pending: [], primary: [], remote: [], trust: [], discovery: [],
  };
  let edgeIndex = 0;
  const pendingEdges: number[] = [];
  const edge = (line: string, pending: boolean) => {
    edges.push(line);
    if (pending) { pendingEdges.push(edgeIndex); }
    edgeIndex++;
  };

  for (const mesh of model.meshes) {
    const clusters = model.clusters.filter(c => c.meshId === mesh.meshId);
    const box = id('mesh', mesh.meshId);
    const n = clusters.length;
    if (mesh.trustRoot) {
      const t = id('trust', mesh.meshId);
      out.push(`  ${t}[${text(trustLines(mesh, o))}]`);
      styled.trust.push(t);
      edge(`  ${t} -->|${text([`issues ${n} ${mesh.provider === 'istio' ? 'intermediate CA' : 'identity issuer'}${n === 1 ? '' : 's'}`])}| ${box}`, false);
    }
    if (mesh.endpointDiscovery) {
      const d = id('discovery', mesh.meshId);
      out.push(`  ${d}([${text(discoveryLines(mesh, n))}])`);
      (discoveryPending(mesh) ? styled.pending : styled.discovery).push(d);
      edge(`  ${d} <-.->|${text(['every primary reads every other cluster'])}| ${box}`, discoveryPending(mesh));
    }
    out.push(`  subgraph ${box}[${text([`mesh ${mesh.meshId} · ${mesh.provider === 'istio' ? 'Istio' : 'Linkerd'}`])}]`);
    const boxes = mesh.provider === 'istio'; // a Linkerd cluster's network is only a label
    for (const net of mesh.networks) {
      if (boxes) { out.push(`    subgraph ${id('net', `${mesh.meshId}/${net.name}`)}[${text([`network ${net.name}`])}]`); }
      for (const name of net.clusters) {
        const c = clusters.find(x => x.name === name)!;
        const node = id('cluster', name);
        out.push(`      ${node}[${text(clusterLines(model, mesh, c, o))}]`);
        (clusterPending(model, c) ? styled.pending : c.primary ? styled.remote : styled.primary).push(node);
      }
      if (boxes) { out.push('    end'); }
    }
    out.push('  end');
    for (const c of clusters.filter(x => x.primary)) {
      edge(`  ${id('cluster', c.name)} -.->|${text(['managed by'])}| ${id('cluster', c.primary!)}`, false);
    }
  }
  for (const a of model.remoteAccesses) {
    const pending = credentialPending(a.credential);
    edge(`  ${id('cluster', a.consumerCluster)} ${pending ? '-.->' : '-->'}|${text(accessLines(a, o))}| ${id('cluster', a.cluster)}`, pending);
  }
  for (const l of model.links) {
    const pending = credentialPending(l.credential);
    edge(`  ${id('cluster', l.source)} ${pending ? '-.->' : '==>'}|${text(linkLines(l))}| ${id('cluster', l.target)}`, pending);
  }

  const classes = [
    `  classDef primary fill:${COLOURS.primary.fill},stroke:${COLOURS.primary.line}`,
    `  classDef remote fill:${COLOURS.remote.fill},stroke:${COLOURS.remote.line}`,
    `  classDef trust fill:${COLOURS.trust.fill},stroke:${COLOURS.trust.line}`,
    `  classDef discovery fill:${COLOURS.discovery.fill},stroke:${COLOURS.discovery.line}`,
    `  classDef pending fill:${COLOURS.pending.fill},stroke:${COLOURS.pending.line},stroke-dasharray:4 3`,
  ];
  const assign = Object.entries(styled).filter(([, ids]) => ids.length > 0).map(([cls, ids]) => `  class ${ids.join(',')} ${cls}`);
  const linkStyles = pendingEdges.length > 0 ? [`  linkStyle ${pendingEdges.join(',')} stroke:${COLOURS.pending.line},color:${COLOURS.pending.line}`] : [];
  return [...out, ...edges, ...classes, ...assign, ...linkStyles, ''].join('\n');
}
