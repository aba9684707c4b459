// The build edges of a package graph as a ReadonlyMap<key, keys> whose key lists are made
// from bit sets over spec numbers only when read: `graph --packages --json` never reads them,
// a plan reads each once. Iteration order is the order the edges were added.
import { namesOf, type Bits } from './package-bits.js';

export class SpecEdges implements ReadonlyMap<string, readonly string[]> {
  private readonly order: string[] = [];
  private readonly bits = new Map<string, Bits>();
  private readonly made = new Map<string, readonly string[]>();
  private readonly names: readonly string[];

  constructor(names: readonly string[]) {
    this.names = names;
  }

  /** Records `key`'s prerequisites as a bit set over `names` (kept, not copied: do not mutate it). */
  add(key: string, bits: Bits): void {
    if (!this.bits.has(key)) this.order.push(key);
    this.bits.set(key, bits);
    this.made.delete(key);
  }

  get size(): number {
    return this.order.length;
  }

  has(key: string): boolean {
    return this.bits.has(key);
  }

  get(key: string): readonly string[] | undefined {
    let out = this.made.get(key);
    if (out) return out;
    const bits = this.bits.get(key);
    if (!bits) return undefined;
    out = namesOf(bits, this.names);
    this.made.set(key, out);
    return out;
  }

  keys(): MapIterator<string> {
    return [...this.order][Symbol.iterator]();
  }

  values(): MapIterator<readonly string[]> {
    return this.order.map((key) => this.get(key)!)[Symbol.iterator]();
  }

  entries(): MapIterator<[string, readonly string[]]> {
    return this.order.map((key): [string, readonly string[]] => [key, this.get(key)!])[Symbol.iterator]();
  }

  [Symbol.iterator](): MapIterator<[string, readonly string[]]> {
    return this.entries();
  }

  forEach(callback: (value: readonly string[], key: string, map: ReadonlyMap<string, readonly string[]>) => void, thisArg?: unknown): void {
    for (const key of this.order) callback.call(thisArg, this.get(key)!, key, this);
  }
}
