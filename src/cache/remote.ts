// The remote cache over Bazel's plain HTTP cache protocol (GET/PUT <url>/ac/<key> for
// action records, GET/PUT <url>/cas/<sha256> for blobs), served by nginx WebDAV,
// bazel-remote (with AC validation off: records are our JSON) or any object store.
// Records are validated and their HMAC checked; blobs are verified while they stream
// into the local CAS. A remote that cannot be reached is switched off after one warning
// so the build continues locally. layeredCache (src/cache/layered.ts) combines the two.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import got, { HTTPError, RequestError } from 'got';
import type { LocalCache } from './local.js';
import { checkSignature, parseRecord } from './record.js';
import type { ActionRecord, CacheKey, Digest } from './types.js';

export interface RemoteCacheOptions {
  readonly url: string;
  /** Never PUT (e.g. CI jobs that only consume, or developers without write access). */
  readonly readOnly?: boolean;
  /** When set, records must carry a valid HMAC-SHA256 signature with this key. */
  readonly signingKey?: string;
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  readonly onWarning?: (message: string) => void;
}

export interface RemoteCache {
  readonly url: string;
  readonly readOnly: boolean;
  /** True once the remote failed at the network level; every call is then a no-op miss. */
  readonly disabled: boolean;
  getRecord(key: CacheKey, signal?: AbortSignal): Promise<ActionRecord | undefined>;
  /** Streams a blob into the local CAS; false when absent, unreachable or its bytes are wrong. */
  fetchBlob(digest: Digest, local: LocalCache, signal?: AbortSignal): Promise<boolean>;
  hasBlob(digest: Digest, signal?: AbortSignal): Promise<boolean>;
  /** True when the remote accepted the blob. */
  putBlob(digest: Digest, file: string, signal?: AbortSignal): Promise<boolean>;
  putRecord(record: ActionRecord, signal?: AbortSignal): Promise<boolean>;
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status?: number };

export function openRemoteCache(options: RemoteCacheOptions): RemoteCache {
  const base = options.url.replace(/\/+$/, '');
  // Messages may quote the URL (ours or got's); never print its user:password.
  const warn = (message: string): void => options.onWarning?.(redactCredentials(message));
  const timeout = { request: options.timeoutMs ?? 30_000 };
  let disabled = false;
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    warn(message);
  };

  /** Runs one request; network failures disable the remote, HTTP errors become a status. */
  async function attempt<T>(what: string, fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<Outcome<T>> {
    if (disabled) return { ok: false };
    try {
      return { ok: true, value: await fn() };
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof HTTPError) {
        const status = error.response.statusCode;
        if (status !== 404) warnOnce(`remote cache ${base}: ${what} answered HTTP ${status}`);
        return { ok: false, status };
      }
      if (error instanceof RequestError) {
        disabled = true;
        warn(`remote cache ${base} unreachable (${error.code}: ${error.message}); continuing with the local cache only`);
        return { ok: false };
      }
      throw error;
    }
  }

  const common = (signal?: AbortSignal) => ({ timeout, retry: { limit: 0 }, ...(signal ? { signal } : {}) });

  async function getRecord(key: CacheKey, signal?: AbortSignal): Promise<ActionRecord | undefined> {
    const got1 = await attempt(`GET /ac/${key}`, () => got(`${base}/ac/${key}`, common(signal)).text(), signal);
    if (!got1.ok) return undefined;
    const parsed = parseRecord(got1.value, key);
    if (typeof parsed === 'string') {
      warn(`remote cache: record ${key} rejected (${parsed})`);
      return undefined;
    }
    if (options.signingKey !== undefined) {
      const check = checkSignature(parsed, options.signingKey);
      if (check !== 'ok') {
        warn(`remote cache: record ${key} rejected (${check} signature)`);
        return undefined;
      }
    }
    return parsed;
  }

  async function fetchBlob(digest: Digest, local: LocalCache, signal?: AbortSignal): Promise<boolean> {
    const r = await attempt(`GET /cas/${digest}`, () => local.importBlob(digest, got.stream(`${base}/cas/${digest}`, common(signal)), signal), signal);
    if (r.ok && !r.value) warn(`remote cache: blob ${digest} rejected (its bytes do not hash to its name)`);
    return r.ok && r.value;
  }

  async function hasBlob(digest: Digest, signal?: AbortSignal): Promise<boolean> {
    const r = await attempt(`HEAD /cas/${digest}`, () => got.head(`${base}/cas/${digest}`, common(signal)), signal);
    return r.ok;
  }

  async function putBlob(digest: Digest, file: string, signal?: AbortSignal): Promise<boolean> {
    if (options.readOnly) return false;
    const { size } = await stat(file);
    const r = await attempt(`PUT /cas/${digest}`, () =>
      got.put(`${base}/cas/${digest}`, { ...common(signal), body: createReadStream(file), headers: { 'content-length': String(size) } }), signal);
    return r.ok;
  }

  async function putRecord(record: ActionRecord, signal?: AbortSignal): Promise<boolean> {
    if (options.readOnly) return false;
    const r = await attempt(`PUT /ac/${record.key}`, () =>
      got.put(`${base}/ac/${record.key}`, { ...common(signal), body: JSON.stringify(record), headers: { 'content-type': 'application/json' } }), signal);
    return r.ok;
  }

  return {
    url: base,
    readOnly: options.readOnly ?? false,
    get disabled() { return disabled; },
    getRecord,
    fetchBlob,
    hasBlob,
    putBlob,
    putRecord,
  };
}

export { layeredCache } from './layered.js';

/** Replaces "user:password@" (or "token@") in any URL inside a message. */
export function redactCredentials(message: string): string {
  return message.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}
