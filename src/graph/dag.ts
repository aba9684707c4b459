// Pure directed-graph helpers shared by the target graph and the package graph:
// topological order, cycle detection with the cycle path, closures, reverse edges.
// No I/O and no knowledge of targets or packages.

/** Adjacency: node -> the nodes it depends on (edges point at prerequisites). */
export type Edges = ReadonlyMap<string, readonly string[]>;

/** Finds one cycle reachable in the graph, as a path that starts and ends at the same node. */
export function findCycle(edges: Edges, roots: Iterable<string> = edges.keys()): string[] | undefined {
  const state = new Map<string, 1 | 2>(); // 1 = on stack, 2 = done
  const stack: string[] = [];
  for (const root of roots) {
    const found = visit(root);
    if (found) return found;
  }
  return undefined;

  function visit(start: string): string[] | undefined {
    // Iterative DFS so deep graphs (1000+ specs) never overflow the call stack.
    const frames: { node: string; next: number }[] = [];
    const push = (node: string): string[] | undefined => {
      const s = state.get(node);
      if (s === 2) return undefined;
      if (s === 1) return [...stack.slice(stack.indexOf(node)), node];
      state.set(node, 1);
      stack.push(node);
      frames.push({ node, next: 0 });
      return undefined;
    };
    const first = push(start);
    if (first) return first;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const deps = edges.get(frame.node) ?? [];
      if (frame.next < deps.length) {
        const cycle = push(deps[frame.next++]!);
        if (cycle) return cycle;
      } else {
        frames.pop();
        stack.pop();
        state.set(frame.node, 2);
      }
    }
    return undefined;
  }
}

/** All nodes reachable from roots (roots included), following dependency edges. */
export function closure(edges: Edges, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    const node = todo.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const dep of edges.get(node) ?? []) if (!seen.has(dep)) todo.push(dep);
  }
  return seen;
}

/**
 * Dependencies-first order of the given nodes (default: all). Ties are broken by name so
 * the order is deterministic. Returns the cycle instead when there is one.
 */
export function topoOrder(
  edges: Edges,
  nodes: Iterable<string> = edges.keys(),
): { readonly order: string[] } | { readonly cycle: string[] } {
  const wanted = new Set(nodes);
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of wanted) {
    indegree.set(node, 0);
    dependents.set(node, []);
  }
  for (const node of wanted) {
    for (const dep of new Set(edges.get(node) ?? [])) {
      if (!wanted.has(dep)) continue;
      indegree.set(node, indegree.get(node)! + 1);
      dependents.get(dep)!.push(node);
    }
  }
  const ready = [...wanted].filter((n) => indegree.get(n) === 0).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const node = ready.shift()!;
    order.push(node);
    const released: string[] = [];
    for (const d of dependents.get(node)!) {
      const left = indegree.get(d)! - 1;
      indegree.set(d, left);
      if (left === 0) released.push(d);
    }
    if (released.length > 0) {
      ready.push(...released);
      ready.sort();
    }
  }
  if (order.length < wanted.size) {
    const rest = [...wanted].filter((n) => !order.includes(n));
    return { cycle: findCycle(edges, rest) ?? rest };
  }
  return { order };
}

/** Reverse the edges: node -> the nodes that depend on it. */
export function reverseEdges(edges: Edges): Map<string, string[]> {
  const reversed = new Map<string, string[]>();
  for (const node of edges.keys()) reversed.set(node, []);
  for (const [node, deps] of edges) {
    for (const dep of deps) {
      if (!reversed.has(dep)) reversed.set(dep, []);
      reversed.get(dep)!.push(node);
    }
  }
  for (const list of reversed.values()) list.sort();
  return reversed;
}
