// Build order of a package graph: Kahn's algorithm over spec numbers with a min-heap, so
// the ready spec with the smallest key always goes next — the same order dag.ts's
// topoOrder gives (it keeps its ready list sorted), without string sorts per step.
// Returns undefined when a cycle leaves specs unordered; the caller reports the cycle.

/**
 * `deps[n]` lists the spec numbers spec `n` needs first (no duplicates); numbers follow
 * sorted key order, so a smaller number is a smaller key. Edges to numbers outside `nodes`
 * are ignored, as topoOrder does. Returns spec numbers.
 */
export function buildOrder(nodes: readonly number[], deps: ReadonlyArray<readonly number[] | undefined>, count: number): number[] | undefined {
  const indegree = new Int32Array(count);
  const wanted = new Uint8Array(count);
  const dependents: number[][] = [];
  // Indexed loops: this runs once per process, mostly before the optimizing compiler
  // kicks in, where for-of allocates an iterator result per element.
  for (let k = 0; k < nodes.length; k++) wanted[nodes[k]!] = 1;
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k]!;
    const list = deps[n];
    if (!list) continue;
    for (let j = 0; j < list.length; j++) {
      const d = list[j]!;
      if (wanted[d] === 0) continue;
      indegree[n]!++;
      (dependents[d] ??= []).push(n);
    }
  }
  const heap = new MinHeap();
  for (let k = 0; k < nodes.length; k++) if (indegree[nodes[k]!] === 0) heap.push(nodes[k]!);
  const order: number[] = [];
  while (heap.size > 0) {
    const n = heap.pop();
    order.push(n);
    const released = dependents[n];
    if (released) for (let j = 0; j < released.length; j++) if (--indegree[released[j]!]! === 0) heap.push(released[j]!);
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
