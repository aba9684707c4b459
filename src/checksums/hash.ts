// Streaming file and stream hashing: md5/sha1/sha256/sha512 computed in ONE read.
// Files are hashed on a pool of worker threads (one per core) so several files hash in
// parallel; streams (HTTP bodies) are hashed on the calling thread as the bytes arrive.
// Does not decide what to compare against (see verify.ts) and never prints.
//
// Why not hasha's hashFile: it runs every call on a single shared worker with one
// algorithm per read, so md5+sha256 would read twice and files would not scale with cores.
import { createHash, type Hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PhotonBuildError } from '../errors.js';

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha512'];
export const DEFAULT_ALGORITHMS: readonly HashAlgorithm[] = ['md5', 'sha256', 'sha512'];
/** 1 MiB reads: large enough that syscalls and JS overhead vanish next to md5's CPU cost. */
export const CHUNK_SIZE = 1 << 20;

export interface Digests {
  readonly size: number;
  readonly md5?: string;
  readonly sha1?: string;
  readonly sha256?: string;
  readonly sha512?: string;
}

/** Hex length of each algorithm's digest (used to infer an algorithm from a list). */
export const HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

export function isHashAlgorithm(value: string): value is HashAlgorithm {
  return (HASH_ALGORITHMS as readonly string[]).includes(value);
}

/** A set of hashers updated together from each chunk. */
export class MultiHasher {
  readonly #algorithms: readonly HashAlgorithm[];
  readonly #hashes: readonly Hash[];
  #size = 0;

  constructor(algorithms: readonly HashAlgorithm[]) {
    this.#algorithms = [...new Set(algorithms)];
    this.#hashes = this.#algorithms.map((a) => createHash(a));
  }

  update(chunk: Uint8Array): void {
    for (const h of this.#hashes) h.update(chunk);
    this.#size += chunk.byteLength;
  }

  get size(): number {
    return this.#size;
  }

  digest(): Digests {
    const out: { size: number } & Partial<Record<HashAlgorithm, string>> = { size: this.#size };
    this.#algorithms.forEach((a, i) => {
      out[a] = this.#hashes[i]!.digest('hex');
    });
    return out;
  }
}

/** Hash everything a readable yields (e.g. an HTTP body) without storing it. */
export async function hashStream(
  readable: AsyncIterable<Uint8Array | string>,
  algorithms: readonly HashAlgorithm[] = DEFAULT_ALGORITHMS,
  signal?: AbortSignal,
): Promise<Digests> {
  const hasher = new MultiHasher(algorithms);
  for await (const chunk of readable) {
    signal?.throwIfAborted();
    hasher.update(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return hasher.digest();
}

/**
 * Hash one file in one streaming read on a worker thread. Rejects with
 * PhotonBuildError('input') naming the file when it cannot be read (the errno code is
 * kept on `cause.code`), or PhotonBuildError('aborted') when the signal fires.
 */
export function hashFile(
  path: string,
  algorithms: readonly HashAlgorithm[] = DEFAULT_ALGORITHMS,
  signal?: AbortSignal,
): Promise<Digests> {
  return pool().run(path, [...new Set(algorithms)], signal);
}

// The worker: blocking 1 MiB reads into one reused buffer (no allocation per chunk) is
// the fastest way to feed OpenSSL; blocking is fine off the main thread.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const buf = Buffer.allocUnsafe(${CHUNK_SIZE});
parentPort.on('message', ({ id, path, algorithms }) => {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
    const hashes = algorithms.map((a) => crypto.createHash(a));
    let size = 0;
    let n;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
      const chunk = n === buf.length ? buf : buf.subarray(0, n);
      for (const h of hashes) h.update(chunk);
      size += n;
    }
    parentPort.postMessage({ id, size, hex: hashes.map((h) => h.digest('hex')) });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String(e && e.message), code: e && e.code } });
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
});
`;

interface Task {
  readonly id: number;
  readonly path: string;
  readonly algorithms: readonly HashAlgorithm[];
  readonly signal: AbortSignal | undefined;
  readonly resolve: (d: Digests) => void;
  readonly reject: (e: unknown) => void;
}

interface WorkerMessage {
  readonly id: number;
  readonly size?: number;
  readonly hex?: readonly string[];
  readonly error?: { readonly message: string; readonly code?: string };
}

class HashPool {
  readonly #max: number;
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Task>();
  readonly #queue: Task[] = [];
  readonly #ended = new WeakSet<Worker>();
  #nextId = 0;

  constructor(max: number) {
    this.#max = Math.max(1, max);
  }

  run(path: string, algorithms: readonly HashAlgorithm[], signal: AbortSignal | undefined): Promise<Digests> {
    return new Promise<Digests>((resolve, reject) => {
      if (signal?.aborted) return reject(aborted(path));
      const onAbort = (): void => this.#abort(task);
      const settle = <T>(fn: (v: T) => void) => (v: T): void => {
        signal?.removeEventListener('abort', onAbort);
        fn(v);
      };
      const task: Task = { id: this.#nextId++, path, algorithms, signal, resolve: settle(resolve), reject: settle(reject) };
      this.#queue.push(task);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? (this.#busy.size < this.#max ? this.#spawn() : undefined);
      if (!worker) return;
      const task = this.#queue.shift()!;
      this.#busy.set(worker, task);
      worker.ref();
      worker.postMessage({ id: task.id, path: task.path, algorithms: task.algorithms });
    }
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (msg: WorkerMessage) => this.#done(worker, msg));
    worker.on('error', (err) => this.#lost(worker, err));
    worker.on('exit', () => this.#lost(worker, new Error('hash worker exited')));
    return worker;
  }

  #done(worker: Worker, msg: WorkerMessage): void {
    if (this.#ended.has(worker)) return; // a late answer from a thread ended by an abort
    const task = this.#busy.get(worker);
    this.#busy.delete(worker);
    worker.unref();
    this.#idle.push(worker);
    if (task && task.id === msg.id) {
      if (msg.error) {
        task.reject(
          new PhotonBuildError('input', `cannot read ${task.path}: ${msg.error.message}`, { file: task.path }, {
            cause: Object.assign(new Error(msg.error.message), { code: msg.error.code }),
          }),
        );
      } else {
        const out: { size: number } & Partial<Record<HashAlgorithm, string>> = { size: msg.size ?? 0 };
        task.algorithms.forEach((a, i) => {
          out[a] = msg.hex?.[i];
        });
        task.resolve(out);
      }
    }
    this.#pump();
  }

  #lost(worker: Worker, err: unknown): void {
    this.#ended.add(worker);
    const idle = this.#idle.indexOf(worker);
    if (idle >= 0) this.#idle.splice(idle, 1);
    const task = this.#busy.get(worker);
    this.#busy.delete(worker);
    task?.reject(err);
    this.#pump();
  }

  #abort(task: Task): void {
    const queued = this.#queue.indexOf(task);
    if (queued >= 0) this.#queue.splice(queued, 1);
    for (const [worker, t] of this.#busy) {
      if (t !== task) continue;
      // A blocking read loop cannot be interrupted by a message; end the thread instead.
      this.#busy.delete(worker);
      this.#ended.add(worker);
      void worker.terminate();
    }
    task.reject(aborted(task.path));
    this.#pump();
  }
}

function aborted(path: string): PhotonBuildError {
  return new PhotonBuildError('aborted', `hashing ${path} was interrupted`, { file: path });
}

let sharedPool: HashPool | undefined;
function pool(): HashPool {
  sharedPool ??= new HashPool(availableParallelism());
  return sharedPool;
}
