// Atomic file writes for the cache: bytes go to a temp file in the destination's
// directory, are fsynced, then renamed over the final name, so a reader sees either
// nothing or the whole file. Maps "disk full" to a typed cache error. No cache layout.
import { randomBytes, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import { fsyncDir, tempPathFor, writeFileAtomic as writeAtomic } from '../atomic-file.js';
import type { Digest } from './types.js';

/** Temp names in the cache are the shared ones (src/atomic-file.ts). */
export const tempNameFor = tempPathFor;

/** ENOSPC/EDQUOT become PhotonBuildError('cache'); anything else is returned unchanged. */
export function asCacheWriteError(error: unknown, where: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PhotonBuildError('cache', `cache write failed: no space left on device (${where})`, { file: where }, { cause: error });
  }
  return error;
}

/** Writes data to dest atomically, creating its directory; ENOSPC becomes a typed cache error. */
export async function writeFileAtomic(dest: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  try {
    await mkdir(path.dirname(dest), { recursive: true });
    await writeAtomic(dest, data, mode);
  } catch (error) {
    throw asCacheWriteError(error, dest);
  }
}

export interface HashedTemp {
  readonly tmpPath: string;
  readonly digest: Digest;
  readonly size: number;
}

/**
 * Streams source into a new temp file in dir while hashing it (one read), fsyncs it and
 * returns its digest. The caller renames it into place or unlinks it.
 */
export async function streamToHashedTemp(source: Readable, dir: string, mode: number, signal?: AbortSignal): Promise<HashedTemp> {
  await mkdir(dir, { recursive: true }).catch((e: unknown) => { throw asCacheWriteError(e, dir); });
  const tmpPath = path.join(dir, `.blob.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    const handle = await open(tmpPath, 'wx', mode);
    try {
      for await (const chunk of source) {
        signal?.throwIfAborted();
        const buf = chunk as Buffer;
        hash.update(buf);
        size += buf.length;
        let off = 0;
        while (off < buf.length) off += (await handle.write(buf, off, buf.length - off)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    source.destroy();
    await unlink(tmpPath).catch(() => undefined);
    throw asCacheWriteError(error, tmpPath);
  }
  return { tmpPath, digest: hash.digest('hex') as Digest, size };
}

export function fileToHashedTemp(file: string, dir: string, mode: number, signal?: AbortSignal): Promise<HashedTemp> {
  return streamToHashedTemp(createReadStream(file, signal ? { signal } : {}), dir, mode, signal);
}

export { fsyncDir };
