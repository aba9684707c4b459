// Simulated execution (no containers, no clock) of a package DAG under a duration model:
// photon-build's policy (ready = own deps, critical-path priority re-sorted on every
// insertion), the lower bound max(critical path, total work / threads), and the shared
// event loop that simulate-build-py.ts drives with build.py's policy. Pure.
import { createHeap, priorityHeap } from './heap.js';
import { buildScheduleGraph } from './priority.js';

export interface SimNode {
  readonly id: string;
  /** Build dependencies: what must be built before this package can start. */
  readonly deps: readonly string[];
  /** Runtime requires (build.py's readiness also waits on these, transitively). */
  readonly runtimeDeps?: readonly string[];
  /** True duration in the model, seconds. */
  readonly duration: number;
  /** Weight a scheduler would use for priority when it cannot know the duration. */
  readonly staticWeight?: number;
}

export interface SimGraph {
  readonly nodes: readonly SimNode[];
  /** build.py's toolchain: stage 1 (core, a linear chain) and stage 2 (a barrier). */
  readonly toolchain?: { readonly stage1: readonly string[]; readonly stage2: readonly string[] };
}

export interface SimResult {
  readonly makespan: number;
  /** Sum of busy seconds / (threads × makespan). */
  readonly utilisation: number;
}

export interface LowerBound {
  readonly criticalPath: number;
  readonly totalWork: number;
  /** max(critical path, total work / threads): the classic bound. */
  readonly bound: number;
  /**
   * A tighter bound that also counts the narrow start and end of a DAG: for every T, the
   * work that cannot start before T (its longest path of deps is ≥ T) still needs
   * T + work / threads; symmetrically for work that must be followed by a path ≥ T.
   */
  readonly levelBound: number;
}

export function lowerBound(graph: SimGraph, threads: number): LowerBound {
  const g = buildScheduleGraph(graph.nodes.map((n) => ({ id: n.id, deps: n.deps, weight: n.duration })));
  const duration = new Map(graph.nodes.map((n) => [n.id, n.duration]));
  const criticalPath = Math.max(0, ...g.priority.values());
  const totalWork = graph.nodes.reduce((s, n) => s + n.duration, 0);
  const bound = Math.max(criticalPath, totalWork / threads);
  // head(v): longest path of deps before v starts; tail(v): longest path after v ends.
  const head = new Map<string, number>();
  for (const id of g.topo) head.set(id, Math.max(0, ...g.deps.get(id)!.map((d) => head.get(d)! + duration.get(d)!)));
  const tail = new Map([...g.priority].map(([id, p]) => [id, p - duration.get(id)!]));
  return { criticalPath, totalWork, bound, levelBound: Math.max(bound, sweep(head), sweep(tail)) };

  function sweep(level: ReadonlyMap<string, number>): number {
    // Largest T + (work of nodes with level ≥ T) / threads over the distinct levels T.
    const sorted = graph.nodes.map((n) => [level.get(n.id)!, n.duration] as const).sort((a, b) => b[0] - a[0]);
    let best = 0;
    let work = 0;
    for (let i = 0; i < sorted.length; i++) {
      work += sorted[i]![1];
      if (i + 1 === sorted.length || sorted[i + 1]![0] !== sorted[i]![0]) best = Math.max(best, sorted[i]![0] + work / threads);
    }
    return best;
  }
}

/**
 * The policy a simulation plugs into the event loop: it learns of completions and picks
 * what a free worker takes next (undefined = the worker stays idle until the next event).
 */
export interface SimPolicy {
  onDone(id: string): void;
  next(): string | undefined;
}

/** Runs workers against a policy until every node is done; returns the makespan. */
export function runSimulation(nodes: readonly SimNode[], threads: number, policy: SimPolicy): SimResult {
  const duration = new Map(nodes.map((n) => [n.id, n.duration]));
  const running = createHeap<{ end: number; id: string }>((a, b) => a.end < b.end || (a.end === b.end && a.id < b.id));
  let now = 0;
  let done = 0;
  let busy = 0;
  const fill = (): void => {
    while (running.size < threads) {
      const id = policy.next();
      if (id === undefined) break;
      const d = duration.get(id)!;
      busy += d;
      running.push({ end: now + d, id });
    }
  };
  fill();
  while (running.size > 0) {
    now = running.peek()!.end;
    // Complete everything finishing at this instant before choosing.
    while (running.size > 0 && running.peek()!.end === now) {
      policy.onDone(running.pop()!.id);
      done++;
    }
    fill();
  }
  if (done !== nodes.length) throw new Error(`simulation stalled: ${done}/${nodes.length} nodes done (the policy never made the rest ready)`);
  return { makespan: now, utilisation: now > 0 ? busy / (threads * now) : 1 };
}

/** photon-build: a node is ready when its own deps are done; priority = longest remaining path. */
export function simulatePhotonBuild(graph: SimGraph, threads: number, weights: 'duration' | 'static' = 'duration'): SimResult {
  const sg = buildScheduleGraph(graph.nodes.map((n) => ({
    id: n.id, deps: n.deps, weight: weights === 'duration' ? n.duration : (n.staticWeight ?? 1),
  })));
  const waiting = new Map(graph.nodes.map((n) => [n.id, sg.deps.get(n.id)!.length]));
  const queue = priorityHeap(sg.priority);
  for (const n of graph.nodes) if (waiting.get(n.id) === 0) queue.push(n.id);
  return runSimulation(graph.nodes, threads, {
    onDone(id) {
      for (const d of sg.dependents.get(id)!) {
        const left = waiting.get(d)! - 1;
        waiting.set(d, left);
        if (left === 0) queue.push(d);
      }
    },
    next: () => queue.pop(),
  });
}
