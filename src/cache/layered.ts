// The cache a build uses: the local CAS first, then (optionally) a remote HTTP cache.
// A remote hit is downloaded into the local CAS (blobs verified by digest, record by
// shape and HMAC) and then served locally; stores go to the local cache and are uploaded
// unless the remote is read-only. Remote trouble only ever produces warnings.
import type { LocalCache } from './local.js';
import { redactCredentials } from './remote.js';
import type { RemoteCache } from './remote.js';
import type { ActionRecord, Cache, CacheKey } from './types.js';

export interface LayeredCacheOptions {
  readonly onWarning?: (message: string) => void;
}

export function layeredCache(local: LocalCache, remote?: RemoteCache, options: LayeredCacheOptions = {}): Cache {
  const warn = (message: string): void => options.onWarning?.(redactCredentials(message));
  if (!remote) return local;

  async function lookup(key: CacheKey, signal?: AbortSignal): Promise<ActionRecord | undefined> {
    const hit = await local.lookup(key, signal);
    if (hit || remote!.disabled) return hit;
    const record = await remote!.getRecord(key, signal);
    if (!record) return undefined;
    for (const digest of new Set(record.outputs.map((o) => o.digest))) {
      if (await local.verifyBlob(digest)) continue;
      if (!(await remote!.fetchBlob(digest, local, signal))) return undefined;
    }
    await local.importRecord(record);
    return local.lookup(key, signal);
  }

  async function upload(record: ActionRecord, signal?: AbortSignal): Promise<void> {
    if (remote!.readOnly || remote!.disabled) return;
    for (const digest of new Set(record.outputs.map((o) => o.digest))) {
      if (await remote!.hasBlob(digest, signal)) continue;
      if (!(await remote!.putBlob(digest, local.layout.blobPath(digest), signal))) return;
    }
    // The record goes last, so a remote reader never sees a record without its blobs.
    await remote!.putRecord(record, signal);
  }

  return {
    lookup,
    restore: (record, destRoot, signal) => local.restore(record, destRoot, signal),
    async store(key, step, root, paths, inputs, durationMs, signal) {
      const record = await local.store(key, step, root, paths, inputs, durationMs, signal);
      try {
        await upload(record, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        warn(`remote cache: upload of ${step} failed (${error instanceof Error ? error.message : String(error)})`);
      }
      return record;
    },
    latestFor: (step) => local.latestFor(step),
  };
}
