// The download lookaside: files keyed by digest (<dir>/<algorithm>/<ab>/<hex>), so a
// source that was renamed, moved or deleted from stage/SOURCES is still found and never
// downloaded twice. Entries are verified when read. No eviction.
import { copyFile, link, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { tempPathFor } from '../checksums/atomic.js';
import type { HashAlgorithm } from '../checksums/hash.js';
import { hashFile } from '../checksums/hash.js';

export function lookasidePath(dir: string, algorithm: HashAlgorithm, hex: string): string {
  const h = hex.toLowerCase();
  return path.join(dir, algorithm, h.slice(0, 2), h);
}

/** The entry's path when present and its content still matches the digest (a bad entry is removed). */
export async function findInLookaside(dir: string, algorithm: HashAlgorithm, hex: string, signal?: AbortSignal): Promise<string | undefined> {
  const file = lookasidePath(dir, algorithm, hex);
  if (!(await stat(file).catch(() => undefined))?.isFile()) return undefined;
  const d = await hashFile(file, [algorithm], signal);
  if (d[algorithm] === hex.toLowerCase()) return file;
  await rm(file, { force: true });
  return undefined;
}

/** Hardlink (or copy, across filesystems) `src` to `dest` atomically: dest is whole or absent. */
export async function placeFile(src: string, dest: string): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  const tmp = tempPathFor(dest);
  try {
    await link(src, tmp).catch(() => copyFile(src, tmp));
    await rename(tmp, dest);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Record a verified file under each of its digests; an existing entry is kept. */
export async function addToLookaside(dir: string, file: string, digests: Partial<Record<HashAlgorithm, string>>): Promise<void> {
  for (const [algorithm, hex] of Object.entries(digests) as [HashAlgorithm, string | undefined][]) {
    if (!hex) continue;
    const entry = lookasidePath(dir, algorithm, hex);
    if (await stat(entry).catch(() => undefined)) continue;
    await placeFile(file, entry);
  }
}
