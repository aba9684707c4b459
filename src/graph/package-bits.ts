// Fixed-size bit sets over spec ids (a ProviderIndex numbers its specs in sorted key order,
// so walking the set bits yields spec keys already sorted). Used by the package model for
// closures and by the package graph for build edges; no knowledge of specs themselves.

export type Bits = Uint32Array;

export function newBits(size: number): Bits {
  return new Uint32Array((size + 31) >>> 5);
}

export function setBit(bits: Bits, n: number): void {
  bits[n >>> 5]! |= 1 << (n & 31);
}

export function clearBit(bits: Bits, n: number): void {
  bits[n >>> 5]! &= ~(1 << (n & 31));
}

export function hasBit(bits: Bits, n: number): boolean {
  return (bits[n >>> 5]! & (1 << (n & 31))) !== 0;
}

/** target |= source (same size). */
export function orInto(target: Bits, source: Bits): void {
  for (let i = 0; i < target.length; i++) target[i]! |= source[i]!;
}

/** The numbers of the set bits, ascending; with `except`, only those not set there. */
export function idsOf(bits: Bits, except?: Bits): number[] {
  const out: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let word = except ? bits[w]! & ~except[w]! : bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      out.push((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return out;
}

/** Whether every bit set in `subset` is set in `bits` (same size). */
export function containsAll(bits: Bits, subset: Bits): boolean {
  for (let w = 0; w < bits.length; w++) if ((subset[w]! & ~bits[w]!) !== 0) return false;
  return true;
}

/** The names of the set bits, in bit order. */
export function namesOf(bits: Bits, names: readonly string[]): string[] {
  return idsOf(bits).map((n) => names[n]!);
}
