// A binary heap ordered by a "comes first" predicate, for simulations over thousands of
// nodes (O(log n) push and pop). No knowledge of steps.
export interface Heap<T> {
  readonly size: number;
  push(item: T): void;
  pop(): T | undefined;
  peek(): T | undefined;
}

export function createHeap<T>(first: (a: T, b: T) => boolean): Heap<T> {
  const items: T[] = [];
  const swap = (i: number, j: number): void => {
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  };
  return {
    get size() { return items.length; },
    peek: () => items[0],
    push(item) {
      items.push(item);
      for (let i = items.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!first(items[i]!, items[p]!)) break;
        swap(i, p);
        i = p;
      }
    },
    pop() {
      if (items.length === 0) return undefined;
      const top = items[0]!;
      const last = items.pop()!;
      if (items.length > 0) {
        items[0] = last;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < items.length && first(items[l]!, items[m]!)) m = l;
          if (r < items.length && first(items[r]!, items[m]!)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
  };
}

/** Highest priority first, ties by id (deterministic). */
export function priorityHeap(priority: ReadonlyMap<string, number>): Heap<string> {
  return createHeap<string>((a, b) => {
    const pa = priority.get(a) ?? 0;
    const pb = priority.get(b) ?? 0;
    return pa > pb || (pa === pb && a < b);
  });
}
