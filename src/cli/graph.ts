// `photon-build graph <target>`: prints the target DAG (text tree, JSON, dot, Mermaid),
// or with --packages the package DAG the target builds (graph-packages.ts). Graph
// building and rendering live in src/graph; this file only wires options and prints.
import { Option } from 'commander';
import type { Command } from 'commander';
import { targetGraph } from '../graph/targets.js';
import { GRAPH_FORMATS, renderGraph } from '../graph/render.js';
import type { GraphFormat } from '../graph/render.js';
import { loadCatalogue } from '../targets/load.js';
import { printPackageGraph } from './graph-packages.js';
import { addArchOption, addTreeOption } from './options.js';

interface GraphOptions {
  readonly format: GraphFormat;
  readonly packages?: boolean;
  readonly arch: string;
  readonly tree?: string;
  readonly json?: boolean;
}

export function registerGraph(program: Command): void {
  const cmd = program
    .command('graph <target>')
    .description('print the dependency graph of a target (targets; with --packages, the packages it builds)')
    .addOption(new Option('--format <format>', 'output format').choices([...GRAPH_FORMATS]).default('text'))
    .option('--packages', 'the package DAG the target builds instead of the target DAG')
    .option('--json', 'same as --format json');
  addTreeOption(cmd);
  addArchOption(cmd);
  cmd.action(async (target: string, opts: GraphOptions) => {
    const format: GraphFormat = opts.json ? 'json' : opts.format;
    if (opts.packages) {
      await printPackageGraph({ ...(opts.tree !== undefined ? { tree: opts.tree } : {}), target, arch: opts.arch, json: format === 'json' });
      return;
    }
    const catalogue = await loadCatalogue();
    const graph = targetGraph(catalogue, target);
    const rendered = renderGraph(
      {
        root: graph.root,
        nodes: graph.nodes.map((t) => t.name),
        edges: graph.edges.filter((e) => e.kind === 'depends-on'),
        order: graph.edges.filter((e) => e.kind === 'after'),
        groups: new Map(graph.nodes.map((t) => [t.name, t.group])),
      },
      format,
    );
    process.stdout.write(rendered);
  });
}
