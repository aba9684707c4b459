// Build order of a package graph: Kahn's algorithm over spec numbers with a min-heap, so
// the ready spec with the smallest key always goes next — the same order dag.ts's
// topoOrder gives (it keeps its ready list sorted), without string sorts per step.
// Returns undefined when a cycle leaves specs unordered; the caller reports the cycle.

/**
 * `deps[n]` lists the spec numbers spec `n` needs first (no duplicates); numbers follow
 * sorted key order, so a smaller number is a smaller key. Edges to numbers outside `nodes`
 * are ignored, as topoOrder does. Returns spec numbers.
 *
 * `groups[g]`, optional, is a set of spec numbers standing for all of them at once: a spec
 * whose prerequisites include every member may list `count + g` instead (every spec of a
 * Photon build needs the whole toolchain: ~80 of its ~90 edges). A group completes the moment
 * its last member (in `nodes`) is ordered and never appears in the order itself. The order is
 * the same as with the members listed in full: replacing edges by a path through the group
 * changes no spec's ready time, and ready times alone decide Kahn's order.
 */
export function buildOrder(nodes: readonly number[], deps: ReadonlyArray<readonly number[] | undefined>, count: number, groups: ReadonlyArray<readonly number[]> = []): number[] | undefined {
  const total = count + groups.length;
  const indegree = new Int32Array(total);
  const wanted = new Uint8Array(total);
  const dependents: number[][] = [];
  const addEdges = (n: number, list: readonly number[]): void => {
    for (let j = 0; j < list.length; j++) {
      const d = list[j]!;
      if (wanted[d] === 0) continue;
      indegree[n]!++;
      (dependents[d] ??= []).push(n);
    }
  };
  // Indexed loops: this runs once per process, mostly before the optimizing compiler
  // kicks in, where for-of allocates an iterator result per element.
  for (let k = 0; k < nodes.length; k++) wanted[nodes[k]!] = 1;
  for (let g = 0; g < groups.length; g++) wanted[count + g] = 1;
  for (let g = 0; g < groups.length; g++) addEdges(count + g, groups[g]!);
  for (let k = 0; k < nodes.length; k++) {
    const list = deps[nodes[k]!];
    if (list) addEdges(nodes[k]!, list);
  }
  const heap = new MinHeap();
  const order: number[] = [];
  // Releases what waited for `n`; a group whose last member this was completes at once.
  const release = (n: number): void => {
    const released = dependents[n];
    if (!released) return;
    for (let j = 0; j < released.length; j++) {
      const r = released[j]!;
      if (--indegree[r]! !== 0) continue;
      if (r >= count) release(r);
      else heap.push(r);
    }
  };
  for (let k = 0; k < nodes.length; k++) if (indegree[nodes[k]!] === 0) heap.push(nodes[k]!);
  for (let g = 0; g < groups.length; g++) if (indegree[count + g] === 0) release(count + g);
  while (heap.size > 0) {
    const n = heap.pop();
    order.push(n);
    release(n);
  }
  return order.length === nodes.length ? order : undefined;
}

class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const a = this.items;
    let i = a.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= value) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = value;
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
