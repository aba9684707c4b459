// Fixed-size bit sets over spec ids (a ProviderIndex numbers its specs in sorted key order,
// so walking the set bits yields spec keys already sorted). Used by the package model for
// closures and by the package graph for build edges; no knowledge of specs themselves.

export type Bits = Uint32Array;

/**
 * Small sets are carved out of shared 64 KiB chunks: a graph of ~1100 specs makes thousands
 * of ~140-byte sets, and each `new Uint32Array` of that size allocates its own off-heap
 * buffer. A chunk is freed once no set cut from it is referenced.
 */
const CHUNK_WORDS = 1 << 14;
let chunk = new Uint32Array(0);
let used = 0;

/** An empty set for numbers 0 … size-1. */
export function newBits(size: number): Bits {
  const words = (size + 31) >>> 5;
  if (words > CHUNK_WORDS >>> 3) return new Uint32Array(words);
  if (used + words > chunk.length) {
    chunk = new Uint32Array(CHUNK_WORDS);
    used = 0;
  }
  const bits = chunk.subarray(used, used + words);
  used += words;
  return bits;
}

/** A copy of `bits`. */
export function copyBits(bits: Bits): Bits {
  const copy = newBits(bits.length << 5);
  copy.set(bits);
  return copy;
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
  pushIds(out, bits, except);
  return out;
}

/** Appends idsOf(bits, except) to `out` (no intermediate array). */
export function pushIds(out: number[], bits: Bits, except?: Bits): void {
  for (let w = 0; w < bits.length; w++) {
    let word = except ? bits[w]! & ~except[w]! : bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      out.push((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
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
