// Atomic file writes shared by the cache, checksum files, manifests, plan and trace files:
// bytes go to a uniquely named temp file in the destination's own directory, are
// fsynced, then renamed over the final name (and the directory fsynced), so a reader sees
// the old content or the whole new one, never a partial file. No locking.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** A dot-prefixed temp name next to `dest` (same filesystem, so rename is atomic). */
export function tempPathFor(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Makes a rename durable; some filesystems refuse to open directories, which is fine. */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

export async function writeFileAtomic(dest: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const tmp = tempPathFor(dest);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, dest);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(path.dirname(dest));
}
