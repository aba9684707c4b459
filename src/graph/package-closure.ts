// Runtime closures of subpackages over the Requires graph, as bit sets of spec numbers:
// Tarjan's strongly connected components, visited lazily from the refs asked for, so every
// component's closure is computed once and shared by its members. Only the refs reachable
// from a request have their Requires resolved (errors surface as they did per closure).
import type { SubRef } from './package-resolve.js';
import { newBits, orInto, setBit, type Bits } from './package-bits.js';

interface Frame {
  readonly ref: SubRef;
  readonly deps: readonly SubRef[];
  next: number;
}

export class SpecClosures {
  private readonly closure: (Bits | undefined)[];
  /** Tarjan visit numbers (0 = not visited) and low links, by SubRef.n. */
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private counter = 0;
  private readonly specCount: number;
  private readonly requires: (ref: SubRef) => readonly SubRef[];

  constructor(refCount: number, specCount: number, requires: (ref: SubRef) => readonly SubRef[]) {
    this.closure = new Array<Bits | undefined>(refCount);
    this.index = new Int32Array(refCount);
    this.low = new Int32Array(refCount);
    this.onStack = new Uint8Array(refCount);
    this.specCount = specCount;
    this.requires = requires;
  }

  /** Specs of `ref`'s runtime closure, its own spec included. */
  of(ref: SubRef): Bits {
    const known = this.closure[ref.n];
    if (known) return known;
    const stack: SubRef[] = [];
    try {
      this.visit(ref, stack);
    } catch (error) {
      // A Requires that does not resolve: forget the unfinished walk so a later call starts clean.
      for (const r of stack) {
        this.index[r.n] = 0;
        this.onStack[r.n] = 0;
      }
      throw error;
    }
    return this.closure[ref.n]!;
  }

  private visit(root: SubRef, stack: SubRef[]): void {
    const { index, low, onStack } = this;
    const frames: Frame[] = [];
    const enter = (ref: SubRef): void => {
      index[ref.n] = low[ref.n] = ++this.counter;
      onStack[ref.n] = 1;
      stack.push(ref);
      frames.push({ ref, deps: this.requires(ref), next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const v = frame.ref.n;
      if (frame.next < frame.deps.length) {
        const dep = frame.deps[frame.next++]!;
        if (this.closure[dep.n]) continue;
        if (index[dep.n] === 0) enter(dep);
        else if (onStack[dep.n] === 1 && index[dep.n]! < low[v]!) low[v] = index[dep.n]!;
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent && low[v]! < low[parent.ref.n]!) low[parent.ref.n] = low[v]!;
      if (low[v] === index[v]) this.complete(frame.ref, stack);
    }
  }

  /** Pops the component rooted at `root` and gives all its members one shared closure. */
  private complete(root: SubRef, stack: SubRef[]): void {
    const members: SubRef[] = [];
    for (;;) {
      const m = stack.pop()!;
      this.onStack[m.n] = 0;
      members.push(m);
      if (m === root) break;
    }
    const bits = newBits(this.specCount);
    // Many Requires share one closure (a component's, or glibc's): merge each once.
    const merged = new Set<Bits>();
    for (const m of members) {
      setBit(bits, m.specN);
      for (const dep of this.requires(m)) {
        const other = this.closure[dep.n];
        if (other && !merged.has(other)) {
          merged.add(other);
          orInto(bits, other);
        }
      }
    }
    for (const m of members) this.closure[m.n] = bits;
  }
}
