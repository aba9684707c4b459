// The scheduling graph: validates a step list (unique ids, known deps, no cycles), builds
// reverse edges, and computes each step's priority = the longest remaining path (sum of
// weights from the step to a sink, the step included). Pure; shared by run.ts and
// simulate.ts. Does not decide readiness or order of completion.
import { findCycle } from '../graph/dag.js';
import { PhotonBuildError } from '../errors.js';

export interface GraphNode {
  readonly id: string;
  readonly deps: readonly string[];
  readonly weight: number;
}

export interface ScheduleGraph {
  readonly ids: readonly string[];
  readonly deps: ReadonlyMap<string, readonly string[]>;
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** Longest weighted path from the step to any sink, the step's own weight included. */
  readonly priority: ReadonlyMap<string, number>;
  /** Ids in an order where every dep comes before its dependents. */
  readonly topo: readonly string[];
}

export function buildScheduleGraph(nodes: readonly GraphNode[]): ScheduleGraph {
  const deps = new Map<string, readonly string[]>();
  for (const n of nodes) {
    if (deps.has(n.id)) throw new PhotonBuildError('input', `duplicate step id '${n.id}'`, { key: n.id });
    if (!(n.weight >= 0)) throw new PhotonBuildError('input', `step '${n.id}' has a bad weight ${n.weight}`, { key: n.id });
    deps.set(n.id, [...new Set(n.deps)]);
  }
  const dependents = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const [id, ds] of deps) {
    for (const d of ds) {
      const list = dependents.get(d);
      if (!list) throw new PhotonBuildError('missing-dependency', `step '${id}' depends on unknown step '${d}'`, { key: id });
      list.push(id);
    }
  }
  const topo = topoOrder(nodes.map((n) => n.id), deps, dependents);
  if (topo.length !== nodes.length) {
    const cycle = findCycle(deps) ?? [];
    throw new PhotonBuildError('cycle', `steps form a cycle: ${cycle.join(' → ')}`);
  }
  const weight = new Map(nodes.map((n) => [n.id, n.weight]));
  const priority = new Map<string, number>();
  for (let i = topo.length - 1; i >= 0; i--) {
    const id = topo[i]!;
    let best = 0;
    for (const d of dependents.get(id)!) best = Math.max(best, priority.get(d)!);
    priority.set(id, weight.get(id)! + best);
  }
  return { ids: nodes.map((n) => n.id), deps, dependents, priority, topo };
}

/** Kahn's algorithm; returns fewer ids than given when there is a cycle. */
function topoOrder(ids: readonly string[], deps: ReadonlyMap<string, readonly string[]>, dependents: ReadonlyMap<string, readonly string[]>): string[] {
  const remaining = new Map(ids.map((id) => [id, deps.get(id)!.length]));
  const queue = ids.filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const d of dependents.get(id)!) {
      const left = remaining.get(d)! - 1;
      remaining.set(d, left);
      if (left === 0) queue.push(d);
    }
  }
  return order;
}

/** All steps downstream of the given ones (not including them). */
export function downstreamOf(graph: ScheduleGraph, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    for (const d of graph.dependents.get(todo.pop()!) ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        todo.push(d);
      }
    }
  }
  return seen;
}

/**
 * A ready queue ordered by priority (highest first, then id for determinism). Insertion
 * keeps it sorted, so a step that becomes ready is considered at once.
 */
export class ReadyQueue {
  readonly #items: string[] = [];
  readonly #priority: ReadonlyMap<string, number>;

  constructor(priority: ReadonlyMap<string, number>) {
    this.#priority = priority;
  }

  get size(): number {
    return this.#items.length;
  }

  push(id: string): void {
    const p = this.#priority.get(id) ?? 0;
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.#items[mid]!;
      const q = this.#priority.get(other) ?? 0;
      if (q > p || (q === p && other < id)) lo = mid + 1;
      else hi = mid;
    }
    this.#items.splice(lo, 0, id);
  }

  shift(): string | undefined {
    return this.#items.shift();
  }

  drain(): string[] {
    return this.#items.splice(0);
  }
}
