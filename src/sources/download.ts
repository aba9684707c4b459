// Safe downloads: mirrors tried in order, retries with exponential backoff on 5xx and
// network errors (a 4xx moves on to the next mirror), idle timeouts, resume of a
// `<dest>.part` with Range, hashing while writing, verification before an atomic rename,
// and a digest-keyed lookaside. The final name only ever holds a complete, verified
// file; a `.part` may remain after a failure so the next run can resume it.
import { open, rename, rm, stat } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { serialized } from '../checksums/atomic.js';
import type { Digests, HashAlgorithm } from '../checksums/hash.js';
import { hashFile } from '../checksums/hash.js';
import { PhotonBuildError } from '../errors.js';
import type { DownloadProgress } from './http-attempt.js';
import { attemptDownload } from './http-attempt.js';
import { addToLookaside, findInLookaside, placeFile } from './lookaside.js';

export type { DownloadProgress } from './http-attempt.js';

export interface ExpectedDigest {
  readonly algorithm: HashAlgorithm;
  readonly hex: string;
}

export interface DownloadOptions {
  /** Mirrors, tried in order. */
  readonly urls: readonly string[];
  readonly dest: string;
  readonly expected?: ExpectedDigest;
  /** Extra attempts per mirror after a retryable failure (default 3). */
  readonly retries?: number;
  /** Connect, response-header and idle (no bytes) timeout per attempt (default 60 s). */
  readonly timeoutMs?: number;
  /** First backoff delay; doubles per retry, capped at 30 s (default 1 s). */
  readonly backoffMs?: number;
  /** `<cacheDir>/sources`: verified downloads are kept there by digest. */
  readonly lookasideDir?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DownloadProgress) => void;
}

export interface DownloadResult {
  readonly path: string;
  /** present: dest already matched; lookaside: placed from the lookaside; downloaded: fetched. */
  readonly source: 'present' | 'lookaside' | 'downloaded';
  readonly url?: string;
  readonly digests: Digests;
  /** HTTP requests made (0 for present/lookaside). */
  readonly attempts: number;
}

export function partPathFor(dest: string): string {
  return `${dest}.part`;
}

export function download(options: DownloadOptions): Promise<DownloadResult> {
  return serialized(`download:${path.resolve(options.dest)}`, () => downloadNow(options));
}

async function downloadNow(o: DownloadOptions): Promise<DownloadResult> {
  const { dest, expected, signal } = o;
  const expectedHex = expected?.hex.toLowerCase();
  const algorithms: HashAlgorithm[] = [...new Set<HashAlgorithm>(['sha512', ...(expected ? [expected.algorithm] : [])])];
  await mkdir(path.dirname(dest), { recursive: true });

  if (expected && (await stat(dest).catch(() => undefined))?.isFile()) {
    const d = await hashFile(dest, algorithms, signal);
    if (d[expected.algorithm] === expectedHex) return { path: dest, source: 'present', digests: d, attempts: 0 };
  }
  if (expected && o.lookasideDir) {
    const hit = await findInLookaside(o.lookasideDir, expected.algorithm, expectedHex!, signal);
    if (hit) {
      await placeFile(hit, dest);
      return { path: dest, source: 'lookaside', digests: { size: (await stat(dest)).size, [expected.algorithm]: expectedHex }, attempts: 0 };
    }
  }

  const part = partPathFor(dest);
  const retries = o.retries ?? 3;
  const errors: string[] = [];
  let mismatch: { url: string; actual: string } | undefined;
  let attempts = 0;
  // A .part from an earlier run is only trusted when a digest will check the result.
  let partFrom: string | undefined = expected ? 'any' : undefined;

  for (const url of o.urls) {
    for (let attempt = 0; attempt <= retries; attempt++) {
      signal?.throwIfAborted();
      const partSize = (await stat(part).catch(() => undefined))?.size ?? 0;
      const offset = partFrom === 'any' || partFrom === url ? partSize : 0;
      attempts++;
      let outcome;
      try {
        outcome = await attemptDownload({ url, part, offset, algorithms, timeoutMs: o.timeoutMs ?? 60_000, signal, onProgress: o.onProgress });
      } catch (error) {
        if (signal?.aborted) throw new PhotonBuildError('aborted', `download of ${url} was interrupted (partial data kept in ${part})`, { file: dest }, { cause: error });
        throw error;
      }
      partFrom = expected ? 'any' : url;
      if (outcome.kind === 'complete') {
        const actual = outcome.digests[expected?.algorithm ?? 'sha512']!;
        if (expected && actual !== expectedHex) {
          await rm(part, { force: true });
          if (outcome.resumedFrom > 0) {
            errors.push(`${url}: checksum mismatch after resuming at byte ${outcome.resumedFrom}; starting over`);
            continue;
          }
          mismatch = { url, actual };
          errors.push(`${url}: ${expected.algorithm} ${actual}, expected ${expectedHex}`);
          break;
        }
        await fsyncFile(part);
        await rename(part, dest);
        if (o.lookasideDir) await addToLookaside(o.lookasideDir, dest, { sha512: outcome.digests.sha512, ...(expected ? { [expected.algorithm]: actual } : {}) });
        return { path: dest, source: 'downloaded', url, digests: outcome.digests, attempts };
      }
      errors.push(`${url}: ${outcome.message}`);
      if (outcome.kind === 'client-error') break;
      if (outcome.kind === 'restart') {
        await rm(part, { force: true });
        continue;
      }
      if (attempt < retries) await backoff(o.backoffMs ?? 1000, attempt, signal);
    }
  }
  if (mismatch && expected) {
    throw new PhotonBuildError(
      'checksum-mismatch',
      `${path.basename(dest)}: ${expected.algorithm} mismatch: expected ${expectedHex}, got ${mismatch.actual} from ${mismatch.url}`,
      { file: dest },
    );
  }
  throw new PhotonBuildError('download', `could not download ${path.basename(dest)}: ${errors.join('; ') || 'no URLs'}`, { file: dest });
}

async function backoff(baseMs: number, attempt: number, signal?: AbortSignal): Promise<void> {
  const delay = Math.min(30_000, baseMs * 2 ** attempt) * (1 + Math.random() * 0.25);
  try {
    await sleep(delay, undefined, { signal });
  } catch {
    throw new PhotonBuildError('aborted', 'download was interrupted while waiting to retry');
  }
}

async function fsyncFile(file: string): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
