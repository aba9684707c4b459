// Renderers: exact text/JSON/Mermaid for a small graph; dot output checked by graphviz.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderDot, renderGraph, renderJson, renderMermaid, renderText } from '../../../src/graph/render.js';
import type { RenderableGraph } from '../../../src/graph/render.js';
import { targetGraph } from '../../../src/graph/targets.js';
import { loadCatalogue } from '../../../src/targets/load.js';

const small: RenderableGraph = {
  root: 'iso',
  nodes: ['pre', 'packages', 'repo', 'iso'],
  edges: [
    { from: 'iso', to: 'packages' },
    { from: 'iso', to: 'repo' },
    { from: 'packages', to: 'pre' },
    { from: 'repo', to: 'pre' },
  ],
  order: [{ from: 'repo', to: 'packages' }],
  groups: new Map([['iso', 'image'], ['packages', 'rpm-build'], ['repo', 'rpm-build'], ['pre', 'tool-checkup']]),
};

function dotToSvg(dot: string): string {
  return execFileSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
}

describe('renderers', () => {
  it('text: an indented tree with repeated leaves shown and repeated subtrees referenced', () => {
    const withSubtree: RenderableGraph = { ...small, edges: [...small.edges, { from: 'iso', to: 'packages2' }, { from: 'packages2', to: 'packages' }] };
    expect(renderText(small)).toBe(['iso', '├── packages', '│   └── pre', '└── repo', '    └── pre', ''].join('\n'));
    expect(renderText(withSubtree)).toContain('    └── packages (see above)');
  });

  it('json: target, nodes, edges and ordering edges', () => {
    expect(JSON.parse(renderJson(small))).toEqual({
      target: 'iso',
      nodes: ['pre', 'packages', 'repo', 'iso'],
      edges: [
        { from: 'iso', to: 'packages' },
        { from: 'iso', to: 'repo' },
        { from: 'packages', to: 'pre' },
        { from: 'repo', to: 'pre' },
      ],
      order: [{ from: 'repo', to: 'packages' }],
    });
    expect(JSON.parse(renderJson({ ...small, order: [] }))).not.toHaveProperty('order');
  });

  it('mermaid: graph TD with one line per node and edge', () => {
    const out = renderMermaid(small);
    expect(out.split('\n')[0]).toBe('graph TD');
    expect(out).toContain('n3["iso"]');
    expect(out).toContain('n3 --> n1');
    expect(out).toContain('n2 -.-> n1');
  });

  it('dot: graphviz accepts it, including names that need quoting', () => {
    const tricky: RenderableGraph = { root: 'a "b"', nodes: ['a "b"', 'c\\d', 'check-g++'], edges: [{ from: 'a "b"', to: 'c\\d' }, { from: 'a "b"', to: 'check-g++' }] };
    for (const g of [small, tricky]) {
      const svg = dotToSvg(renderDot(g));
      expect(svg).toContain('<svg');
    }
    expect(dotToSvg(renderDot(small))).toContain('&#45;&gt;'); // edge titles "a->b"
  });

  it('dot: the full `all` graph renders with every node in the SVG', async () => {
    const catalogue = await loadCatalogue();
    const g = targetGraph(catalogue, 'all');
    const svg = dotToSvg(
      renderGraph(
        {
          root: g.root,
          nodes: g.nodes.map((t) => t.name),
          edges: g.edges.filter((e) => e.kind === 'depends-on'),
          order: g.edges.filter((e) => e.kind === 'after'),
          groups: new Map(g.nodes.map((t) => [t.name, t.group])),
        },
        'dot',
      ),
    );
    for (const t of g.nodes) expect(svg).toContain(`<title>${t.name.replace(/-/g, '&#45;')}</title>`); // graphviz escapes "-"
  });
});
