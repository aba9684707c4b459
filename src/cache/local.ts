// The local content-addressed cache: blobs in a CAS, action records written last, a
// per-step index for `why`. Reads verify digests (a corrupt blob or record is evicted and
// is a miss), writes are atomic and serialised by the cache lock, restores hardlink when
// the mode allows and copy otherwise (src/cache/restore.ts). Stats and pruning live in
// src/cache/maintenance.ts.
import { hostname } from 'node:os';
import { chmod, lstat, mkdir, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import { VERSION } from '../version.js';
import { asCacheWriteError, fileToHashedTemp, fsyncDir, streamToHashedTemp, writeFileAtomic } from './atomic.js';
import type { HashedTemp } from './atomic.js';
import { digestFile } from './fingerprint.js';
import { cacheLayout } from './layout.js';
import type { CacheLayout } from './layout.js';
import { withCacheLock } from './lock.js';
import { cacheStats, pruneCache } from './maintenance.js';
import type { CacheStats, PruneOptions, PruneResult } from './maintenance.js';
import { materialise } from './restore.js';
import { checkSignature, isSafeRelative, outputDigestOf, parseRecord, signRecord } from './record.js';
import type { ActionRecord, Cache, CacheKey, Digest, OutputEntry } from './types.js';

export interface LocalCacheOptions {
  readonly dir: string;
  /** HMAC key: records are signed on store and must carry a valid signature on lookup. */
  readonly signingKey?: string;
  readonly onWarning?: (message: string) => void;
}

export interface LocalCache extends Cache {
  readonly dir: string;
  readonly layout: CacheLayout;
  stats(): Promise<CacheStats>;
  prune(options: PruneOptions): Promise<PruneResult>;
  /** Removes a key's action record (its blobs go at the next prune if unreferenced). */
  evict(key: CacheKey): Promise<boolean>;
  /** True when the blob is present and its bytes hash to its name. */
  verifyBlob(digest: Digest): Promise<boolean>;
  /** Streams a blob in (e.g. from a remote); false, and nothing kept, if the bytes do not hash to expected. */
  importBlob(expected: Digest, source: Readable, signal?: AbortSignal): Promise<boolean>;
  /** Writes a record fetched elsewhere once its blobs are in the CAS (signature checked by lookup). */
  importRecord(record: ActionRecord): Promise<void>;
}

export function openLocalCache(options: LocalCacheOptions): LocalCache {
  const layout = cacheLayout(options.dir);
  const warn = options.onWarning ?? (() => undefined);
  // Blobs already hashed in this process, by path → identity of the inode's state.
  const verified = new Map<string, string>();

  // Not ctime: every hardlink made by restore changes it.
  const identity = (s: { ino: number; size: number; mtimeMs: number }): string => `${s.ino}:${s.size}:${s.mtimeMs}`;

  async function verifyBlob(digest: Digest, expectedSize?: number, signal?: AbortSignal): Promise<boolean> {
    const file = layout.blobPath(digest);
    const before = await stat(file).catch(() => undefined);
    if (!before?.isFile() || (expectedSize !== undefined && before.size !== expectedSize)) return false;
    if (verified.get(file) === identity(before)) return true;
    const actual = await digestFile(file, signal).catch(() => undefined);
    signal?.throwIfAborted(); // an aborted read is not a corrupt blob
    if (actual !== digest) return false;
    verified.set(file, identity(before));
    return true;
  }

  async function evictCorrupt(record: ActionRecord, digest: Digest | undefined, why: string): Promise<void> {
    warn(`cache: ${why}; evicting ${record.step} (${record.key})`);
    await withCacheLock(layout.dir, async () => {
      if (digest !== undefined) {
        verified.delete(layout.blobPath(digest));
        await unlink(layout.blobPath(digest)).catch(() => undefined);
      }
      await unlink(layout.recordPath(record.key)).catch(() => undefined);
    });
  }

  async function readRecord(key: CacheKey): Promise<ActionRecord | undefined> {
    const file = layout.recordPath(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    const parsed = parseRecord(text, key);
    if (typeof parsed === 'string') {
      warn(`cache: record ${file} is malformed (${parsed}); evicting it`);
      await withCacheLock(layout.dir, () => unlink(file).catch(() => undefined));
      return undefined;
    }
    if (options.signingKey !== undefined) {
      const check = checkSignature(parsed, options.signingKey);
      if (check !== 'ok') {
        warn(`cache: record ${file} has a ${check === 'missing' ? 'missing' : 'wrong'} signature; treating it as a miss`);
        return undefined;
      }
    }
    return parsed;
  }

  async function lookup(key: CacheKey, signal?: AbortSignal): Promise<ActionRecord | undefined> {
    const record = await readRecord(key);
    if (!record) return undefined;
    for (const out of record.outputs) {
      if (!(await verifyBlob(out.digest, out.size, signal))) {
        await evictCorrupt(record, out.digest, `blob ${out.digest} of ${out.path} is missing or corrupt`);
        return undefined;
      }
    }
    const now = new Date();
    await utimes(layout.recordPath(key), now, now).catch(() => undefined); // last use, for prune
    return record;
  }

  async function restore(record: ActionRecord, destRoot: string, signal?: AbortSignal): Promise<boolean> {
    for (const out of record.outputs) {
      signal?.throwIfAborted();
      if (!isSafeRelative(out.path) || !(await verifyBlob(out.digest, out.size, signal))) {
        await evictCorrupt(record, isSafeRelative(out.path) ? out.digest : undefined, `blob of ${out.path} is missing or corrupt`);
        return false;
      }
      await materialise(layout.blobPath(out.digest), out, destRoot);
    }
    return true;
  }

  async function store(
    key: CacheKey, step: string, root: string, paths: readonly string[],
    inputs: Readonly<Record<string, string>>, durationMs: number, signal?: AbortSignal,
  ): Promise<ActionRecord> {
    const staged: { out: OutputEntry; temp: HashedTemp }[] = [];
    try {
      // Hash and copy outside the lock (the slow part); publish under it.
      for (const rel of [...new Set(paths)].sort()) {
        signal?.throwIfAborted();
        if (!isSafeRelative(rel)) throw new PhotonBuildError('cache', `cannot cache output '${rel}': not a relative path inside the output root`);
        const src = path.join(root, rel);
        const s = await lstat(src).catch(() => undefined);
        if (!s?.isFile()) throw new PhotonBuildError('cache', `cannot cache output '${rel}': not a regular file under ${root}`);
        const mode = s.mode & 0o7777;
        const temp = await fileToHashedTemp(src, layout.tmpDir, mode, signal);
        staged.push({ out: { path: rel, digest: temp.digest, size: temp.size, mode }, temp });
      }
      const outputs = staged.map((s) => s.out);
      let record: ActionRecord = {
        key, step, outputs, outputDigest: outputDigestOf(outputs), inputs: { ...inputs },
        provenance: { createdAt: new Date().toISOString(), host: hostname(), durationMs, tool: `photon-build ${VERSION}` },
      };
      if (options.signingKey !== undefined) record = signRecord(record, options.signingKey);
      const signed = record;
      await withCacheLock(layout.dir, async () => {
        for (const { out, temp } of staged) await publishBlob(temp, out.digest);
        await writeRecord(signed);
      }, signal ? { signal } : {});
      return signed;
    } finally {
      await Promise.all(staged.map((s) => unlink(s.temp.tmpPath).catch(() => undefined)));
    }
  }

  /** Renames a hashed temp into the CAS unless a good blob is already there (caller holds the lock). */
  async function publishBlob(temp: HashedTemp, digest: Digest): Promise<void> {
    const dest = layout.blobPath(digest);
    if (await verifyBlob(digest, temp.size)) return;
    try {
      await mkdir(path.dirname(dest), { recursive: true });
      await rename(temp.tmpPath, dest);
    } catch (error) {
      throw asCacheWriteError(error, dest);
    }
    await fsyncDir(path.dirname(dest));
  }

  async function writeRecord(record: ActionRecord): Promise<void> {
    await writeFileAtomic(layout.recordPath(record.key), `${JSON.stringify(record, null, 1)}\n`);
    await writeFileAtomic(layout.stepIndexPath(record.step), `${JSON.stringify({ step: record.step, key: record.key })}\n`);
  }

  async function importBlob(expected: Digest, source: Readable, signal?: AbortSignal): Promise<boolean> {
    const temp = await streamToHashedTemp(source, layout.tmpDir, 0o644, signal);
    try {
      if (temp.digest !== expected) return false;
      await withCacheLock(layout.dir, () => publishBlob(temp, expected), signal ? { signal } : {});
      return true;
    } finally {
      await unlink(temp.tmpPath).catch(() => undefined);
    }
  }

  async function importRecord(record: ActionRecord): Promise<void> {
    await withCacheLock(layout.dir, async () => {
      for (const out of record.outputs) {
        // Remote blobs arrive as 0644; give each the mode its record asks for so restores can link.
        const file = layout.blobPath(out.digest);
        const s = await stat(file).catch(() => undefined);
        if (!s) throw new PhotonBuildError('cache', `cannot import record ${record.key}: blob ${out.digest} is not in the CAS`);
        if ((s.mode & 0o7777) !== out.mode) await chmod(file, out.mode);
      }
      await writeRecord(record);
    });
  }

  async function latestFor(step: string): Promise<ActionRecord | undefined> {
    const text = await readFile(layout.stepIndexPath(step), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const { key } = JSON.parse(text) as { key: CacheKey };
      return await readRecord(key);
    } catch {
      return undefined;
    }
  }

  async function evict(key: CacheKey): Promise<boolean> {
    return withCacheLock(layout.dir, () => unlink(layout.recordPath(key)).then(() => true, () => false));
  }

  return {
    dir: layout.dir,
    layout,
    lookup,
    restore,
    store,
    latestFor,
    evict,
    verifyBlob: (digest) => verifyBlob(digest),
    importBlob,
    importRecord,
    stats: () => cacheStats(layout),
    prune: (opts) => withCacheLock(layout.dir, () => pruneCache(layout, opts)),
  };
}
