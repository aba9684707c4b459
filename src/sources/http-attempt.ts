// One HTTP attempt of a download into a `.part` file: optional resume with Range
// (checked against Content-Range), hashing while writing, progress callbacks. Returns
// the outcome as data; the retry/mirror policy lives in download.ts.
import { createReadStream, createWriteStream } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import got from 'got';
import type { Digests, HashAlgorithm } from '../checksums/hash.js';
import { MultiHasher } from '../checksums/hash.js';
import { describeHttpError } from '../checksums/remote.js';

export interface DownloadProgress {
  readonly url: string;
  readonly received: number;
  readonly total?: number;
}

export type AttemptOutcome =
  | { readonly kind: 'complete'; readonly digests: Digests; readonly resumedFrom: number }
  /** 4xx: this mirror does not have it; try the next one. */
  | { readonly kind: 'client-error'; readonly message: string }
  /** 5xx, network error, timeout, short body: worth retrying (resume from the .part). */
  | { readonly kind: 'retryable'; readonly message: string }
  /** The .part and the server disagree (bad Content-Range, 416): start again from 0. */
  | { readonly kind: 'restart'; readonly message: string };

export interface AttemptOptions {
  readonly url: string;
  readonly part: string;
  /** Bytes already in the .part to resume after (0: start fresh). */
  readonly offset: number;
  readonly algorithms: readonly HashAlgorithm[];
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DownloadProgress) => void;
}

export async function attemptDownload(o: AttemptOptions): Promise<AttemptOutcome> {
  const hasher = new MultiHasher(o.algorithms);
  const request = got.stream(o.url, {
    headers: { 'accept-encoding': 'identity', ...(o.offset > 0 ? { range: `bytes=${o.offset}-` } : {}) },
    decompress: false,
    throwHttpErrors: false,
    retry: { limit: 0 },
    timeout: { lookup: o.timeoutMs, connect: o.timeoutMs, response: o.timeoutMs, socket: o.timeoutMs },
    signal: o.signal,
  });
  let response: { statusCode: number; headers: Record<string, string | string[] | undefined> };
  try {
    response = await new Promise((resolve, reject) => {
      request.once('response', resolve);
      request.once('error', reject);
    });
  } catch (error) {
    request.destroy();
    if (o.signal?.aborted) throw error;
    return { kind: 'retryable', message: describeHttpError(error) };
  }
  const status = response.statusCode;
  const contentRange = String(response.headers['content-range'] ?? '');
  if (status === 416 && o.offset > 0) {
    request.destroy();
    // The .part may already hold the whole file (an earlier run died before the rename).
    if (/^bytes \*\/(\d+)$/.exec(contentRange)?.[1] === String(o.offset)) {
      await hashExisting(o.part, hasher);
      return { kind: 'complete', digests: hasher.digest(), resumedFrom: o.offset };
    }
    return { kind: 'restart', message: `HTTP 416 for a ${o.offset}-byte .part` };
  }
  if (status >= 400) {
    request.destroy();
    return status >= 500 || status === 408 || status === 429 ? { kind: 'retryable', message: `HTTP ${status}` } : { kind: 'client-error', message: `HTTP ${status}` };
  }
  let resumeFrom = 0;
  if (status === 206) {
    const m = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(contentRange);
    if (!m || Number(m[1]) !== o.offset) {
      request.destroy();
      return { kind: 'restart', message: `Content-Range "${contentRange}" does not continue at byte ${o.offset}` };
    }
    resumeFrom = o.offset;
    await hashExisting(o.part, hasher);
  } else if (o.offset > 0) {
    await truncate(o.part, 0); // 200 to a Range request: the server sends everything again.
  }
  const length = Number(response.headers['content-length'] ?? NaN);
  const total = Number.isFinite(length) ? resumeFrom + length : undefined;
  let received = resumeFrom;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hasher.update(chunk);
      received += chunk.length;
      o.onProgress?.({ url: o.url, received, total });
      done(null, chunk);
    },
  });
  try {
    await pipeline(request, tap, createWriteStream(o.part, { flags: resumeFrom > 0 ? 'a' : 'w' }), { signal: o.signal });
  } catch (error) {
    if (o.signal?.aborted) throw error;
    return { kind: 'retryable', message: `${describeHttpError(error)} after ${received} bytes` };
  }
  if (total !== undefined && received !== total) return { kind: 'retryable', message: `short body: ${received} of ${total} bytes` };
  return { kind: 'complete', digests: hasher.digest(), resumedFrom: resumeFrom };
}

async function hashExisting(file: string, hasher: MultiHasher): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hasher.update(chunk as Buffer);
}
