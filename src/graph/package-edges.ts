// The build edges of a package graph as a ReadonlyMap<key, keys> whose key lists are made
// from spec numbers only when read: `graph --packages --json` never reads them, a plan reads
// each once. Iteration order is the order the edges were added.

export class SpecEdges implements ReadonlyMap<string, readonly string[]> {
  private readonly order: string[] = [];
  private readonly ids = new Map<string, readonly number[]>();
  private readonly made = new Map<string, readonly string[]>();
  private readonly names: readonly string[];

  constructor(names: readonly string[]) {
    this.names = names;
  }

  /** Records `key`'s prerequisites as numbers into `names` (ascending, so the keys come out sorted). */
  add(key: string, ids: readonly number[]): void {
    if (!this.ids.has(key)) this.order.push(key);
    this.ids.set(key, ids);
    this.made.delete(key);
  }

  get size(): number {
    return this.order.length;
  }

  has(key: string): boolean {
    return this.ids.has(key);
  }

  get(key: string): readonly string[] | undefined {
    let out = this.made.get(key);
    if (out) return out;
    const ids = this.ids.get(key);
    if (!ids) return undefined;
    out = ids.map((n) => this.names[n]!);
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
