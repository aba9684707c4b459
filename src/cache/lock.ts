// An exclusive lock over one cache directory, shared by processes and by concurrent calls
// in one process: a lock file created with open(wx) holding pid, host and a nonce. A lock
// whose owner process is gone (same host) or that is older than staleMs (other hosts) is
// broken. Callers in one process queue in memory first (FIFO, no polling); only the
// queue head polls the file, with backoff. Honours an AbortSignal. Not re-entrant.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PhotonBuildError } from '../errors.js';
import { asCacheWriteError } from './atomic.js';

export interface LockOptions {
  readonly signal?: AbortSignal;
  /** A lock file older than this from another host is considered abandoned. */
  readonly staleMs?: number;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly nonce: string;
}

export const LOCK_FILE = 'lock';

/** In-process queue per lock file: the tail promise settles when the last waiter is done. */
const queues = new Map<string, Promise<void>>();

export async function withCacheLock<T>(dir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const file = path.join(path.resolve(dir), LOCK_FILE);
  const previous = queues.get(file) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => { done = resolve; });
  const tail = previous.then(() => mine);
  queues.set(file, tail);
  try {
    await untilOrAborted(previous, options.signal, file);
    await mkdir(path.dirname(file), { recursive: true }).catch((e: unknown) => { throw asCacheWriteError(e, dir); });
    const owner: LockOwner = { pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex') };
    await acquire(file, owner, options);
    try {
      return await fn();
    } finally {
      await release(file, owner);
    }
  } finally {
    done();
    if (queues.get(file) === tail) queues.delete(file);
  }
}

async function untilOrAborted(waitFor: Promise<void>, signal: AbortSignal | undefined, file: string): Promise<void> {
  if (!signal) return waitFor;
  const aborted = (): PhotonBuildError => new PhotonBuildError('aborted', `aborted while waiting for the cache lock ${file}`);
  if (signal.aborted) throw aborted();
  let onAbort!: () => void;
  const abortion = new Promise<never>((_, reject) => {
    onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([waitFor, abortion]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function acquire(file: string, owner: LockOwner, options: LockOptions): Promise<void> {
  let delay = 5;
  for (;;) {
    if (options.signal?.aborted) throw new PhotonBuildError('aborted', `aborted while waiting for the cache lock ${file}`);
    try {
      const handle = await open(file, 'wx', 0o644);
      try { await handle.writeFile(JSON.stringify(owner)); } finally { await handle.close(); }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw asCacheWriteError(error, file);
    }
    if (await breakIfStale(file, options.staleMs ?? 10 * 60_000)) continue;
    try {
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      throw new PhotonBuildError('aborted', `aborted while waiting for the cache lock ${file}`);
    }
    delay = Math.min(delay * 2, 100);
  }
}

async function readOwner(file: string): Promise<{ owner: LockOwner | undefined; text: string } | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    try {
      const parsed = JSON.parse(text) as LockOwner;
      return { owner: typeof parsed.pid === 'number' ? parsed : undefined, text };
    } catch {
      return { owner: undefined, text };
    }
  } catch {
    return undefined; // vanished: the holder released it
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a stale lock was moved away (the caller retries at once). */
async function breakIfStale(file: string, staleMs: number): Promise<boolean> {
  const seen = await readOwner(file);
  if (!seen) return true;
  let stale: boolean;
  if (seen.owner && seen.owner.host === hostname()) {
    stale = !processAlive(seen.owner.pid);
  } else {
    // Unparsable (a writer died between create and write) or another host: go by age.
    const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
    stale = age > (seen.owner ? staleMs : 2_000);
  }
  if (!stale) return false;
  // Move it aside atomically, then check we moved the lock we judged (not a fresh one
  // another process created after breaking it too); if not, put the fresh one back.
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch {
    return true;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== seen.text) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return true;
}

async function release(file: string, owner: LockOwner): Promise<void> {
  const seen = await readOwner(file);
  if (seen?.owner?.nonce === owner.nonce) await unlink(file).catch(() => undefined);
}
