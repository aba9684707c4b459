// Action records as bytes: validation of parsed JSON, HMAC-SHA256 signing and checking,
// and the output digest used for early cutoff. Shared by the local and remote caches;
// no file or network I/O here.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, isCacheKey, isDigest, sha256Hex } from './fingerprint.js';
import type { ActionRecord, CacheKey, Digest, OutputEntry } from './types.js';

/** Environment variable the CLI reads the record signing key from. */
export const HMAC_KEY_ENV = 'PHOTON_BUILD_CACHE_HMAC_KEY';

export function unsignedBody(record: ActionRecord): string {
  const { signature: _ignored, ...rest } = record;
  return canonicalJson(rest);
}

export function signRecord(record: ActionRecord, key: string): ActionRecord {
  const signature = createHmac('sha256', key).update(unsignedBody(record)).digest('hex');
  return { ...record, signature };
}

export type SignatureCheck = 'ok' | 'missing' | 'mismatch';

export function checkSignature(record: ActionRecord, key: string): SignatureCheck {
  if (typeof record.signature !== 'string') return 'missing';
  const expected = createHmac('sha256', key).update(unsignedBody(record)).digest();
  const given = Buffer.from(record.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'mismatch';
}

/** Identity of the outputs' payload: same names, modes and bytes → same digest. */
export function outputDigestOf(outputs: readonly OutputEntry[]): Digest {
  const sorted = [...outputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sha256Hex(canonicalJson(sorted.map((o) => [o.path, o.digest, o.size, o.mode]))) as Digest;
}

/** Parses and validates a record; returns a reason string when it is malformed. */
export function parseRecord(text: string, expectedKey?: CacheKey): ActionRecord | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (raw === null || typeof raw !== 'object') return 'not an object';
  const r = raw as Record<string, unknown>;
  if (!isCacheKey(r.key)) return 'bad key';
  if (expectedKey !== undefined && r.key !== expectedKey) return `key ${String(r.key)} does not match ${expectedKey}`;
  if (typeof r.step !== 'string') return 'bad step';
  if (!Array.isArray(r.outputs)) return 'bad outputs';
  for (const o of r.outputs as unknown[]) {
    const e = o as Record<string, unknown> | null;
    if (!e || typeof e.path !== 'string' || !isSafeRelative(e.path)) return 'bad output path';
    if (!isDigest(e.digest) || typeof e.size !== 'number' || typeof e.mode !== 'number') return `bad output entry ${String(e.path)}`;
  }
  if (!isDigest(r.outputDigest)) return 'bad outputDigest';
  if (r.inputs === null || typeof r.inputs !== 'object') return 'bad inputs';
  const p = r.provenance as Record<string, unknown> | null | undefined;
  if (!p || typeof p.createdAt !== 'string' || typeof p.host !== 'string' || typeof p.durationMs !== 'number' || typeof p.tool !== 'string') {
    return 'bad provenance';
  }
  if (r.signature !== undefined && typeof r.signature !== 'string') return 'bad signature';
  const record = raw as ActionRecord;
  if (outputDigestOf(record.outputs) !== record.outputDigest) return 'outputDigest does not match outputs';
  return record;
}

/** A relative POSIX path that stays inside its root (no absolute, no `..`, no empty parts). */
export function isSafeRelative(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
