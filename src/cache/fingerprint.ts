// Fingerprints: canonical JSON, cache keys over a step's inputs, streaming file digests,
// and the flat key → string form of inputs stored in action records (so `why` can diff
// them key by key). Pure except digestFile, which only reads. Decides nothing about
// which inputs a step has (src/plan does).
import { createHash, hash as oneShotHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { CacheKey, Digest } from './types.js';

/**
 * JSON with object keys sorted (by UTF-16 code units), no whitespace, arrays in order.
 * Undefined object members are dropped (as JSON.stringify does); undefined array items,
 * functions, symbols, bigints and non-finite numbers are bugs in the caller and throw.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function encode(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${at}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => {
          if (item === undefined) throw new TypeError(`canonicalJson: undefined at ${at}[${i}]`);
          return encode(item, `${at}[${i}]`);
        }).join(',')}]`;
      }
      if (value instanceof Map) return encode(Object.fromEntries(value), at);
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(obj[k], `${at}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value} at ${at}`);
  }
}

/** sha256 of in-memory bytes (crypto.hash: one call, no Hash object). */
export function sha256Hex(data: string | Uint8Array): string {
  return oneShotHash('sha256', data, 'hex');
}

/** sha256 of the canonical JSON of every input of a step. */
export function cacheKey(inputs: Readonly<Record<string, unknown>>): CacheKey {
  return sha256Hex(canonicalJson(inputs)) as CacheKey;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function isDigest(value: unknown): value is Digest {
  return typeof value === 'string' && HEX64.test(value);
}

export function isCacheKey(value: unknown): value is CacheKey {
  return typeof value === 'string' && HEX64.test(value);
}

/** Streaming sha256 of a file's bytes. */
export async function digestFile(path: string, signal?: AbortSignal): Promise<Digest> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, signal ? { signal } : {});
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex') as Digest;
}

/**
 * Flattens nested inputs into `path → string` pairs: objects by `.key`, arrays by
 * `[i]`, strings as they are, other leaves as canonical JSON. Empty objects/arrays
 * keep a leaf (`{}` / `[]`) so that adding the first member shows up as a change.
 */
export function flattenInputs(inputs: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, at: string): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      if (value.length === 0) out[at] = '[]';
      value.forEach((item, i) => walk(item, `${at}[${i}]`));
      return;
    }
    if (value instanceof Map) return walk(Object.fromEntries(value), at);
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value).sort();
      if (keys.length === 0) out[at] = '{}';
      for (const k of keys) walk((value as Record<string, unknown>)[k], at === '' ? k : `${at}.${k}`);
      return;
    }
    out[at] = typeof value === 'string' ? value : canonicalJson(value);
  };
  for (const k of Object.keys(inputs).sort()) walk(inputs[k], k);
  return out;
}
