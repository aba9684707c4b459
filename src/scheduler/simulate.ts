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
  readonly bound: number;
}

export function lowerBound(graph: SimGraph, threads: number): LowerBound {
  const g = buildScheduleGraph(graph.nodes.map((n) => ({ id: n.id, deps: n.deps, weight: n.duration })));
  const criticalPath = Math.max(0, ...g.priority.values());
  const totalWork = graph.nodes.reduce((s, n) => s + n.duration, 0);
  return { criticalPath, totalWork, bound: Math.max(criticalPath, totalWork / threads) };
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
