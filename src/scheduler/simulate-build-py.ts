// A simulation of build.py's scheduling policy (reference §2.5, §6.3–4) on a package
// DAG, to compare with photon-build's: the core toolchain (stage 1) as a linear chain on
// one thread, stage 2 as a barrier before anything else, readiness waiting on
// BuildRequires plus own Requires with their transitive Requires closure, static
// weights (packageWeights + 1, else 1), and a priority queue refilled only when empty.
// Approximation: priorities use the build-dependency graph (build.py's "optimised"
// graph bubbles install-requires up into build edges; the order it yields is similar).
import { findCycle } from '../graph/dag.js';
import { priorityHeap } from './heap.js';
import { buildScheduleGraph } from './priority.js';
import { runSimulation } from './simulate.js';
import type { SimGraph, SimNode, SimResult } from './simulate.js';

export interface BuildPyResult extends SimResult {
  readonly phases: { readonly stage1: number; readonly stage2: number; readonly rest: number };
}

export function simulateBuildPy(graph: SimGraph, threads: number): BuildPyResult {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const stage1 = (graph.toolchain?.stage1 ?? []).filter((id) => byId.has(id));
  const stage1Set = new Set(stage1);
  const stage2 = (graph.toolchain?.stage2 ?? []).filter((id) => byId.has(id) && !stage1Set.has(id));
  const early = new Set([...stage1, ...stage2]);
  const rest = graph.nodes.filter((n) => !early.has(n.id)).map((n) => n.id);

  const t1 = stage1.reduce((s, id) => s + byId.get(id)!.duration, 0);
  const p2 = simulatePhase(byId, stage2, threads);
  const p3 = simulatePhase(byId, rest, threads);
  const makespan = t1 + p2.makespan + p3.makespan;
  const work = graph.nodes.reduce((s, n) => s + n.duration, 0);
  return { makespan, utilisation: makespan > 0 ? work / (threads * makespan) : 1, phases: { stage1: t1, stage2: p2.makespan, rest: p3.makespan } };
}

/** One Scheduler run of build.py over `ids`; everything outside them is already built. */
function simulatePhase(byId: ReadonlyMap<string, SimNode>, ids: readonly string[], threads: number): SimResult {
  if (ids.length === 0) return { makespan: 0, utilisation: 1 };
  const inPhase = new Set(ids);
  const nodes = ids.map((id) => byId.get(id)!);
  const local = (list: readonly string[] | undefined): string[] => (list ?? []).filter((d) => inPhase.has(d));

  const sg = buildScheduleGraph(nodes.map((n) => ({ id: n.id, deps: local(n.deps), weight: n.staticWeight ?? 1 })));
  const waitsOn = readinessEdges(nodes, inPhase);
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [id, ws] of waitsOn) for (const w of ws) dependents.get(w)!.push(id);
  const waiting = new Map([...waitsOn].map(([id, ws]) => [id, ws.length]));
  const readyNotQueued = new Set(ids.filter((id) => waiting.get(id) === 0));
  const queue = priorityHeap(sg.priority);

  return runSimulation(nodes, threads, {
    onDone(id) {
      for (const d of dependents.get(id)!) {
        const left = waiting.get(d)! - 1;
        waiting.set(d, left);
        if (left === 0) readyNotQueued.add(d);
      }
    },
    next() {
      if (queue.size === 0) {
        // build.py refills the queue only when it is empty.
        for (const id of readyNotQueued) queue.push(id);
        readyNotQueued.clear();
      }
      return queue.pop();
    },
  });
}

/**
 * allRequiredPackages per node: BuildRequires ∪ own Requires, closed over Requires.
 * Runtime cycles would make packages wait for each other forever; build.py installs
 * cycle members with --nodeps, so waits inside a cycle are dropped here.
 */
function readinessEdges(nodes: readonly SimNode[], inPhase: ReadonlySet<string>): Map<string, string[]> {
  const runtime = new Map(nodes.map((n) => [n.id, (n.runtimeDeps ?? []).filter((d) => inPhase.has(d))]));
  const edges = new Map<string, string[]>();
  for (const n of nodes) {
    const seen = new Set<string>();
    const todo = [...n.deps, ...(n.runtimeDeps ?? [])].filter((d) => inPhase.has(d));
    while (todo.length > 0) {
      const d = todo.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      for (const r of runtime.get(d) ?? []) if (!seen.has(r)) todo.push(r);
    }
    seen.delete(n.id);
    edges.set(n.id, [...seen]);
  }
  for (let cycle = findCycle(edges); cycle; cycle = findCycle(edges)) {
    for (let i = 0; i + 1 < cycle.length; i++) {
      const from = cycle[i]!;
      edges.set(from, edges.get(from)!.filter((d) => d !== cycle[i + 1]));
    }
  }
  return edges;
}
