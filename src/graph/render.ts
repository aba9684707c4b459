// Renders a DAG (a root, its nodes, dependency edges and optional ordering-only edges)
// as an indented text tree, JSON, Graphviz dot or Mermaid. Pure string building: it
// knows nothing of targets or packages, so the package graph can use it too.

export type GraphFormat = 'text' | 'json' | 'dot' | 'mermaid';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['text', 'json', 'dot', 'mermaid'];

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export interface RenderableGraph {
  readonly root: string;
  /** Every node, in the order to list them (dependencies first for targets). */
  readonly nodes: readonly string[];
  /** "from needs to" edges. */
  readonly edges: readonly GraphEdge[];
  /** Ordering-only edges ("from runs after to when both are present"); drawn dashed. */
  readonly order?: readonly GraphEdge[];
  /** Optional node -> group, used to colour dot output. */
  readonly groups?: ReadonlyMap<string, string>;
}

export function renderGraph(graph: RenderableGraph, format: GraphFormat): string {
  switch (format) {
    case 'text':
      return renderText(graph);
    case 'json':
      return renderJson(graph);
    case 'dot':
      return renderDot(graph);
    case 'mermaid':
      return renderMermaid(graph);
  }
}

/** An indented tree from the root; a subtree already shown is not repeated but marked "(see above)". */
export function renderText(graph: RenderableGraph): string {
  const children = adjacency(graph.edges);
  const shown = new Set<string>();
  const lines: string[] = [graph.root];
  const walk = (node: string, prefix: string): void => {
    shown.add(node);
    const kids = children.get(node) ?? [];
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      const repeated = shown.has(kid) && (children.get(kid)?.length ?? 0) > 0;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${kid}${repeated ? ' (see above)' : ''}`);
      if (!repeated) walk(kid, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(graph.root, '');
  return `${lines.join('\n')}\n`;
}

export function renderJson(graph: RenderableGraph): string {
  const out = {
    target: graph.root,
    nodes: [...graph.nodes],
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to })),
    ...(graph.order && graph.order.length > 0 ? { order: graph.order.map((e) => ({ from: e.from, to: e.to })) } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

const PALETTE = ['#cfe2ff', '#d1e7dd', '#fff3cd', '#f8d7da', '#e2d9f3', '#e9ecef', '#ffe5d0', '#d2f4ea'];

export function renderDot(graph: RenderableGraph): string {
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const colours = new Map<string, string>();
  for (const g of new Set(graph.groups?.values() ?? [])) colours.set(g, PALETTE[colours.size % PALETTE.length]!);
  const lines = [`digraph ${q(graph.root)} {`, '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];'];
  for (const node of graph.nodes) {
    const attrs: string[] = [];
    const group = graph.groups?.get(node);
    if (group !== undefined) attrs.push(`fillcolor=${q(colours.get(group)!)}`, `tooltip=${q(group)}`);
    if (node === graph.root) attrs.push('penwidth=2');
    lines.push(`  ${q(node)}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  for (const e of graph.edges) lines.push(`  ${q(e.from)} -> ${q(e.to)};`);
  for (const e of graph.order ?? []) lines.push(`  ${q(e.from)} -> ${q(e.to)} [style=dashed, constraint=false];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function renderMermaid(graph: RenderableGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n, `n${i}`]));
  const id = (n: string): string => {
    if (!ids.has(n)) ids.set(n, `n${ids.size}`);
    return ids.get(n)!;
  };
  const label = (s: string): string => s.replace(/"/g, '#quot;');
  const lines = ['graph TD'];
  for (const node of graph.nodes) lines.push(`  ${id(node)}["${label(node)}"]`);
  for (const e of graph.edges) lines.push(`  ${id(e.from)} --> ${id(e.to)}`);
  for (const e of graph.order ?? []) lines.push(`  ${id(e.from)} -.-> ${id(e.to)}`);
  return `${lines.join('\n')}\n`;
}

function adjacency(edges: readonly GraphEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.from) ?? [];
    list.push(e.to);
    out.set(e.from, list);
  }
  return out;
}
