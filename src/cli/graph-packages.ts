// `graph <target> --packages`: the package DAG a target builds (toolchain stages
// included). --json prints the stable contract {"target","arch","packages":[…]} CI
// scripts rely on; otherwise the spec-level build graph as an indented tree.
import { packageGraphJson } from '../graph/package-json.js';
import type { PackageGraph } from '../graph/packages.js';
import { renderGraph } from '../graph/render.js';
import { preparePlan } from '../run/prepare.js';
import { resolveTreeDir } from './options.js';

export interface PackageGraphOptions {
  readonly tree?: string;
  readonly target: string;
  readonly arch: string;
  readonly json: boolean;
  /** --cache-dir (parsed specs are cached under <dir>/specs); else PHOTON_BUILD_CACHE_DIR or the default. */
  readonly cacheDir?: string;
}

export async function printPackageGraph(opts: PackageGraphOptions): Promise<void> {
  const choice = resolveTreeDir(opts.tree);
  const prepared = await preparePlan({ requested: opts.target, treeDir: choice.dir, isSample: choice.isSample, arch: opts.arch, archExplicit: true, ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}) });
  // preparePlan resolves with src/graph/packages.ts; the view type is the plan's subset of it.
  const graph = prepared.graph as PackageGraph | undefined;
  const target = prepared.plan.target;
  if (opts.json) {
    const json = graph ? packageGraphJson(graph, target) : { target, arch: opts.arch, packages: [] };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  if (!graph) {
    process.stdout.write(`${target} builds no packages\n`);
    return;
  }
  const nodes = [...graph.buildDeps.keys()].sort();
  const edges = nodes.flatMap((from) => (graph.buildDeps.get(from) ?? []).map((to) => ({ from, to })));
  process.stdout.write(renderGraph({ root: target, nodes: [target, ...nodes], edges: [...nodes.map((to) => ({ from: target, to })), ...edges] }, 'text'));
}
