// Cache housekeeping: size statistics and pruning (by last use and/or to a size budget),
// removing records first and then the blobs no record references. The caller holds the
// cache lock while pruning (src/cache/local.ts does). No lookups or stores here.
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { CacheLayout } from './layout.js';
import { parseRecord } from './record.js';
import type { ActionRecord, Digest } from './types.js';

export interface CacheStats {
  readonly dir: string;
  readonly records: number;
  readonly blobs: number;
  /** Bytes held by blobs (what prune's maxSize budgets). */
  readonly blobBytes: number;
  readonly oldestUse?: string;
  readonly newestUse?: string;
}

export interface PruneOptions {
  /** Keep at most this many blob bytes, dropping least recently used records first. */
  readonly maxSize?: number;
  /** Drop records not used for this long. */
  readonly olderThanMs?: number;
  /** For tests; defaults to Date.now(). */
  readonly now?: number;
}

export interface PruneResult {
  readonly removedRecords: number;
  readonly removedBlobs: number;
  readonly freedBytes: number;
  readonly after: CacheStats;
}

/** Blobs no record ever referenced, younger than this, may belong to an import in flight. */
const ORPHAN_GRACE_MS = 60 * 60_000;
const TMP_GRACE_MS = 24 * 60 * 60_000;

interface BlobFile { readonly digest: Digest; readonly file: string; readonly size: number; readonly mtimeMs: number }
interface RecordFile { readonly file: string; readonly record: ActionRecord | undefined; readonly usedMs: number }

async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function listBlobs(layout: CacheLayout): Promise<BlobFile[]> {
  const blobs: BlobFile[] = [];
  for (const fan of await listDir(layout.casDir)) {
    for (const name of await listDir(path.join(layout.casDir, fan))) {
      if (name.startsWith('.')) continue;
      const file = path.join(layout.casDir, fan, name);
      const s = await stat(file).catch(() => undefined);
      if (s?.isFile()) blobs.push({ digest: name as Digest, file, size: s.size, mtimeMs: s.mtimeMs });
    }
  }
  return blobs;
}

async function listRecords(layout: CacheLayout): Promise<RecordFile[]> {
  const out: RecordFile[] = [];
  for (const name of await listDir(layout.acDir)) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    const file = path.join(layout.acDir, name);
    const [text, s] = await Promise.all([readFile(file, 'utf8').catch(() => ''), stat(file).catch(() => undefined)]);
    if (!s) continue;
    const parsed = parseRecord(text);
    out.push({ file, record: typeof parsed === 'string' ? undefined : parsed, usedMs: s.mtimeMs });
  }
  return out;
}

export async function cacheStats(layout: CacheLayout): Promise<CacheStats> {
  const [blobs, records] = await Promise.all([listBlobs(layout), listRecords(layout)]);
  const uses = records.map((r) => r.usedMs).sort((a, b) => a - b);
  return {
    dir: layout.dir,
    records: records.length,
    blobs: blobs.length,
    blobBytes: blobs.reduce((sum, b) => sum + b.size, 0),
    ...(uses.length > 0 ? { oldestUse: new Date(uses[0]!).toISOString(), newestUse: new Date(uses[uses.length - 1]!).toISOString() } : {}),
  };
}

export async function pruneCache(layout: CacheLayout, options: PruneOptions): Promise<PruneResult> {
  const now = options.now ?? Date.now();
  let removedRecords = 0;
  let removedBlobs = 0;
  let freedBytes = 0;
  const dropRecord = async (r: RecordFile): Promise<void> => {
    await unlink(r.file).catch(() => undefined);
    removedRecords++;
  };

  const kept: RecordFile[] = [];
  const records = await listRecords(layout);
  // Blobs some record used: once no kept record does, they go whatever their age.
  const everReferenced = new Set(records.flatMap((r) => r.record?.outputs.map((o) => o.digest) ?? []));
  for (const r of records) {
    const tooOld = options.olderThanMs !== undefined && now - r.usedMs > options.olderThanMs;
    if (!r.record || tooOld) await dropRecord(r);
    else kept.push(r);
  }

  const refs = new Map<string, number>();
  for (const r of kept) for (const o of new Set(r.record!.outputs.map((x) => x.digest))) refs.set(o, (refs.get(o) ?? 0) + 1);
  const blobs = new Map<string, BlobFile>();
  for (const b of await listBlobs(layout)) blobs.set(b.digest, b);
  const dropBlob = async (b: BlobFile): Promise<void> => {
    await unlink(b.file).catch(() => undefined);
    blobs.delete(b.digest);
    removedBlobs++;
    freedBytes += b.size;
  };
  for (const b of [...blobs.values()]) {
    if (!refs.has(b.digest) && (everReferenced.has(b.digest) || now - b.mtimeMs > ORPHAN_GRACE_MS)) await dropBlob(b);
  }

  if (options.maxSize !== undefined) {
    let total = [...blobs.values()].reduce((sum, b) => sum + b.size, 0);
    // Least recently used first.
    for (const r of kept.sort((a, b) => a.usedMs - b.usedMs)) {
      if (total <= options.maxSize) break;
      await dropRecord(r);
      for (const d of new Set(r.record!.outputs.map((x) => x.digest))) {
        const left = (refs.get(d) ?? 1) - 1;
        refs.set(d, left);
        const blob = blobs.get(d);
        if (left === 0 && blob) {
          total -= blob.size;
          await dropBlob(blob);
        }
      }
    }
  }

  await dropDanglingStepIndex(layout);
  for (const name of await listDir(layout.tmpDir)) {
    const file = path.join(layout.tmpDir, name);
    const s = await stat(file).catch(() => undefined);
    if (s && now - s.mtimeMs > TMP_GRACE_MS) await unlink(file).catch(() => undefined);
  }
  return { removedRecords, removedBlobs, freedBytes, after: await cacheStats(layout) };
}

async function dropDanglingStepIndex(layout: CacheLayout): Promise<void> {
  for (const name of await listDir(layout.stepsDir)) {
    const file = path.join(layout.stepsDir, name);
    try {
      const { key } = JSON.parse(await readFile(file, 'utf8')) as { key: string };
      await stat(path.join(layout.acDir, `${key}.json`));
    } catch {
      await unlink(file).catch(() => undefined);
    }
  }
}
