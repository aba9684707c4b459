// Materialises one cached output under a destination root: a hardlink to the CAS blob
// when the blob already has the wanted mode (same filesystem), else a copy with that
// mode; always via a temp name + rename, so the destination is never half-written.
// Does not verify the blob (the caller did).
import { chmod, copyFile, link, lstat, mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { tempNameFor } from './atomic.js';
import type { OutputEntry } from './types.js';

export async function materialise(blob: string, out: OutputEntry, destRoot: string): Promise<void> {
  const dest = path.join(destRoot, out.path);
  await mkdir(path.dirname(dest), { recursive: true });
  const [blobStat, destStat] = await Promise.all([stat(blob), lstat(dest).catch(() => undefined)]);
  // Already this very blob: rename() of two links to one inode would be a no-op anyway.
  if (destStat && destStat.ino === blobStat.ino && destStat.dev === blobStat.dev) return;
  const tmp = tempNameFor(dest);
  try {
    let linked = false;
    if ((blobStat.mode & 0o7777) === out.mode) {
      linked = await link(blob, tmp).then(() => true, () => false); // EXDEV, EPERM → copy
    }
    if (!linked) {
      await copyFile(blob, tmp);
      await chmod(tmp, out.mode);
    }
    await rename(tmp, dest);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
