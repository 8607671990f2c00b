/**
 * The graph as Graphviz DOT: one box per mesh, one box per network inside it,
 * a node per cluster (rows of `ROW`), the trust root and the endpoint-discovery
 * summary with one edge per network (not per cluster pair), remote-access and
 * link edges, pending items in orange. Graphviz does the layout.
 */
import type { GraphModel } from './_model';
import {
  accessLines, clusterLines, clusterPending, COLOURS, credentialPending, discoveryLines, discoveryPending, linkLines, ROW, trustLines,
  PictureOptions,
} from './_style';

/** A DOT quoted string. */
function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A multi-line label. */
function label(lines: string[]): string {
  return `"${lines.map(l => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n')}"`;
}

function attrs(a: Record<string, string | undefined>): string {
  const parts = Object.entries(a).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v!.startsWith('"') ? v : q(v!)}`);
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

const clusterId = (name: string) => q(`cluster:${name}`);
const netBox = (mesh: string, net: string) => `cluster_net_${mesh}_${net}`.replace(/[^A-Za-z0-9_]/g, '_');

/** Renders the model as DOT. */
export function toDot(model: GraphModel, o: PictureOptions): string {
  const out: string[] = [
    'digraph mesh {',
    '  graph [rankdir=TB, compound=true, newrank=true, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.5, pad=0.2];',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, margin="0.12,0.06"];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  const edges: string[] = [];

  for (const mesh of model.meshes) {
    const clusters = model.clusters.filter(c => c.meshId === mesh.meshId);
    const box = q(`cluster_mesh_${mesh.meshId}`);
    const order = mesh.networks.flatMap(n => n.clusters);
    const top: string[] = [];
    // The trust root and the endpoint-discovery summary sit above the mesh, with one edge each to the whole mesh.
    if (mesh.trustRoot) {
      const id = q(`trust:${mesh.meshId}`);
      top.push(id);
      out.push(`  ${id}${attrs({ label: label(trustLines(mesh, o)), shape: 'note', style: 'filled', fillcolor: COLOURS.trust.fill, color: COLOURS.trust.line })};`);
      edges.push(`  ${id} -> ${clusterId(order[0])}${attrs({
        lhead: box.slice(1, -1),
        constraint: 'false',
        color: COLOURS.trust.line,
        fontcolor: COLOURS.trust.line,
        label: label([`issues ${order.length} ${mesh.provider === 'istio' ? 'intermediate CA' : 'identity issuer'}${order.length === 1 ? '' : 's'}`]),
      })};`);
    }
    if (mesh.endpointDiscovery) {
      const id = q(`discovery:${mesh.meshId}`);
      top.push(id);
      const pending = discoveryPending(mesh);
      const colour = pending ? COLOURS.pending.line : COLOURS.discovery.line;
      out.push(`  ${id}${attrs({
        label: label(discoveryLines(mesh, clusters.length)),
        shape: 'ellipse',
        style: pending ? 'filled,dashed' : 'filled',
        fillcolor: pending ? COLOURS.pending.fill : COLOURS.discovery.fill,
        color: colour,
      })};`);
      edges.push(`  ${id} -> ${clusterId(order[0])}${attrs({
        lhead: box.slice(1, -1), constraint: 'false', dir: 'both', style: 'dashed', color: colour, fontcolor: colour, label: label(['every primary reads every other cluster']),
      })};`);
    }
    if (top.length > 1) { out.push(`  { rank=same; ${top.join('; ')}; }`); }
    out.push(`  subgraph ${box} {`);
    out.push(`    label=${q(`mesh ${mesh.meshId} · ${mesh.provider === 'istio' ? 'Istio' : 'Linkerd'}`)}; labeljust=l; style="rounded"; color="#868e96"; fontsize=13;`);
    // Networks matter to Istio (east-west gateways); a Linkerd cluster's network is only a label.
    const boxes = mesh.provider === 'istio';
    for (const net of mesh.networks) {
      out.push(boxes ? `    subgraph ${netBox(mesh.meshId, net.name)} {` : '    {');
      if (boxes) { out.push(`      label=${q(`network ${net.name}`)}; labeljust=l; style="rounded,dashed"; color="#adb5bd"; fontsize=11;`); }
      for (const name of net.clusters) {
        const c = clusters.find(x => x.name === name)!;
        const pending = clusterPending(model, c);
        const colours = pending ? COLOURS.pending : c.primary ? COLOURS.remote : COLOURS.primary;
        out.push(`      ${clusterId(name)}${attrs({
          label: label(clusterLines(model, mesh, c, o)),
          fillcolor: colours.fill,
          color: colours.line,
          style: pending ? 'rounded,filled,dashed' : 'rounded,filled',
          penwidth: pending ? '1.5' : undefined,
        })};`);
      }
      out.push('    }');
    }
    // A grid, through invisible edges (Graphviz still does the layout): rows of ROW clusters in each
    // network, and the networks side by side, as many per row as fit in ROW columns, the next ones below.
    const nets = mesh.networks;
    for (const net of nets) {
      for (let i = ROW; i < net.clusters.length; i++) {
        out.push(`    ${clusterId(net.clusters[i - ROW])} -> ${clusterId(net.clusters[i])} [style=invis];`);
      }
    }
    const widest = Math.min(ROW, Math.max(...nets.map(n => n.clusters.length)));
    const perRow = Math.max(1, Math.floor(ROW / widest));
    for (let j = perRow; j < nets.length; j++) {
      const above = nets[j - perRow].clusters;
      const lastRow = above[Math.floor((above.length - 1) / ROW) * ROW];
      for (const first of nets[j].clusters.slice(0, ROW)) {
        out.push(`    ${clusterId(lastRow)} -> ${clusterId(first)} [style=invis];`);
      }
    }
    out.push('  }');
    for (const c of clusters.filter(x => x.primary)) {
      edges.push(`  ${clusterId(c.name)} -> ${clusterId(c.primary!)}${attrs({ label: 'managed by', style: 'dotted', color: COLOURS.remote.line, fontcolor: COLOURS.remote.line })};`);
    }
  }
  for (const a of model.remoteAccesses) {
    const pending = credentialPending(a.credential);
    const colour = pending ? COLOURS.pending.line : COLOURS.access.line;
    edges.push(`  ${clusterId(a.consumerCluster)} -> ${clusterId(a.cluster)}${attrs({
      label: label(accessLines(a, o)), color: colour, fontcolor: colour, style: pending ? 'dashed' : 'solid', penwidth: '1.3',
    })};`);
  }
  for (const l of model.links) {
    const pending = credentialPending(l.credential);
    const colour = pending ? COLOURS.pending.line : COLOURS.link.line;
    edges.push(`  ${clusterId(l.source)} -> ${clusterId(l.target)}${attrs({
      label: label(linkLines(l)), color: colour, fontcolor: colour, style: pending ? 'dashed' : 'bold',
    })};`);
  }
  return [...out, ...edges, '}', ''].join('\n');
}
