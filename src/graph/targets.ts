// The target DAG: closures in run order and the edges under one root, from a loaded
// catalogue. Pure (no I/O): depends-on edges pull targets in; `after` edges only order
// targets that are already in. Env-chosen variants (*-cached) are swapped in by
// applyEnvVariants before walking, as build.py decides them at run time.
import { PhotonBuildError } from '../errors.js';
import { closure, topoOrder } from './dag.js';
import type { Edges } from './dag.js';
import { requireTarget } from '../targets/resolve.js';
import type { TargetCatalogue, TargetDefinition } from '../targets/types.js';

export type TargetEdgeKind = 'depends-on' | 'after';

export interface TargetEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: TargetEdgeKind;
}

export interface TargetGraph {
  readonly root: string;
  /** The closure, dependencies first. */
  readonly nodes: readonly TargetDefinition[];
  readonly edges: readonly TargetEdge[];
}

/** name -> depends-on, for every target. */
export function dependencyEdges(catalogue: TargetCatalogue): Edges {
  return new Map([...catalogue.targets.values()].map((t) => [t.name, t.dependsOn]));
}

/** name -> depends-on plus after: what must run first when both are in one plan. */
export function orderingEdges(catalogue: TargetCatalogue): Edges {
  return new Map([...catalogue.targets.values()].map((t) => [t.name, [...t.dependsOn, ...(t.after ?? [])]]));
}

/**
 * The target (name or alias) and everything it depends on, dependencies first. Ties are
 * broken by name, so the order is the same on every run.
 */
export function targetClosure(catalogue: TargetCatalogue, name: string): TargetDefinition[] {
  const root = requireTarget(catalogue, name);
  const members = closure(dependencyEdges(catalogue), [root.name]);
  const order = topoOrder(orderingEdges(catalogue), members);
  if ('cycle' in order) {
    throw new PhotonBuildError('cycle', `target dependency cycle: ${order.cycle.join(' -> ')}`);
  }
  return order.order.map((n) => catalogue.targets.get(n)!);
}

/** Edges among the closure of root: each node's depends-on as written, then its `after` edges inside the closure. */
export function targetEdges(catalogue: TargetCatalogue, root: string): TargetEdge[] {
  return targetGraph(catalogue, root).edges.slice();
}

export function targetGraph(catalogue: TargetCatalogue, root: string): TargetGraph {
  const rootName = requireTarget(catalogue, root).name;
  const nodes = targetClosure(catalogue, rootName);
  const inside = new Set(nodes.map((t) => t.name));
  const edges: TargetEdge[] = [];
  for (const t of nodes) {
    for (const to of t.dependsOn) edges.push({ from: t.name, to, kind: 'depends-on' });
    for (const to of t.after ?? []) if (inside.has(to)) edges.push({ from: t.name, to, kind: 'after' });
  }
  return { root: rootName, nodes, edges };
}

/**
 * The catalogue with each dependency on X replaced by the variant whose chosen-by-env
 * variable is set (non-empty) in env and that lists X in instead-of: packages ->
 * packages-cached when PHOTON_CACHE_PATH is set, sources -> sources-cached, ….
 */
export function applyEnvVariants(catalogue: TargetCatalogue, env: Readonly<Record<string, string | undefined>>): TargetCatalogue {
  const replace = variantMap(catalogue, env);
  if (replace.size === 0) return catalogue;
  const swap = (names: readonly string[]): string[] => [...new Set(names.map((n) => replace.get(n) ?? n))];
  const targets = new Map<string, TargetDefinition>();
  for (const [name, t] of catalogue.targets) {
    const swapped = replace.has(name) ? t : { ...t, dependsOn: swap(t.dependsOn) };
    targets.set(name, swapped);
  }
  return { targets, aliases: catalogue.aliases };
}

/** The target to run for `name` under env: its chosen variant, else itself (the root is not swapped by applyEnvVariants). */
export function variantOf(catalogue: TargetCatalogue, name: string, env: Readonly<Record<string, string | undefined>>): string {
  return variantMap(catalogue, env).get(name) ?? name;
}

function variantMap(catalogue: TargetCatalogue, env: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const replace = new Map<string, string>();
  for (const t of catalogue.targets.values()) {
    if (!t.chosenByEnv || !env[t.chosenByEnv]) continue;
    for (const original of t.insteadOf ?? []) replace.set(original, t.name);
  }
  return replace;
}
