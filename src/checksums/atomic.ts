// Atomic file writes: data goes to a uniquely named temp file in the destination's own
// directory, is flushed, then renamed over the final name, so readers see the old or
// the new content and never a partial file. No locking across processes.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A temp name next to `dest` (same filesystem, so rename is atomic); dot-prefixed. */
export function tempPathFor(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(dest: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(dest);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, dest);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Runs `fn` after every earlier call with the same key has settled (in-process mutex). */
const chains = new Map<string, Promise<unknown>>();
export async function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  chains.set(key, tail);
  try {
    return await run;
  } finally {
    if (chains.get(key) === tail) chains.delete(key);
  }
}
