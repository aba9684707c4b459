import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey } from '../../../src/cache/fingerprint.js';
import { openLocalCache } from '../../../src/cache/local.js';
import { PhotonBuildError } from '../../../src/errors.js';

// A real 1 MiB tmpfs as the cache directory (needs root, as on the build machine).
let mnt: string;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pb-enospc-'));
  mnt = path.join(work, 'cache');
  await mkdir(mnt);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
});

afterAll(() => {
  if (mnt) execFileSync('umount', [mnt]);
});

describe('cache on a full disk', () => {
  it('fails with a cache error and keeps earlier entries intact, with no half entry', async () => {
    const cache = openLocalCache({ dir: mnt });
    const out = path.join(work, 'out');
    await mkdir(out);
    await writeFile(path.join(out, 'small'), 'small output');
    await writeFile(path.join(out, 'big'), Buffer.alloc(2 * 1024 * 1024, 1));
    await cache.store(cacheKey({ s: 1 }), 'small', out, ['small'], {}, 1);

    const failure = await cache.store(cacheKey({ b: 1 }), 'big', out, ['small', 'big'], {}, 1).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PhotonBuildError);
    expect((failure as PhotonBuildError).reason).toBe('cache');
    expect((failure as PhotonBuildError).message).toMatch(/^cache write failed: no space left on device \(/);

    expect(await cache.lookup(cacheKey({ b: 1 }))).toBeUndefined();
    expect(await cache.lookup(cacheKey({ s: 1 }))).toBeDefined();
    expect(await readdir(path.join(mnt, 'ac'))).toEqual([`${cacheKey({ s: 1 })}.json`]);
    expect(await readdir(path.join(mnt, 'tmp'))).toEqual([]);
    // Space is back after the failed write: another small store works.
    await cache.store(cacheKey({ s: 2 }), 'small2', out, ['small'], {}, 1);
    expect(await cache.lookup(cacheKey({ s: 2 }))).toBeDefined();
  });

  it('a record that does not fit leaves its blobs unreferenced but no record', async () => {
    const cache = openLocalCache({ dir: mnt });
    const out = path.join(work, 'out2');
    await mkdir(out);
    // Fill the disk to just under full with a blob-sized file, then store many tiny outputs
    // whose record is large: some write fails, and whatever it is, no record appears.
    const names = Array.from({ length: 400 }, (_, i) => `f${i}`);
    for (const n of names) await writeFile(path.join(out, n), n);
    await writeFile(path.join(mnt, 'filler'), Buffer.alloc(900 * 1024));
    const failure = await cache.store(cacheKey({ many: 1 }), 'many', out, names, {}, 1).catch((e: unknown) => e);
    expect((failure as PhotonBuildError).reason).toBe('cache');
    expect(await cache.lookup(cacheKey({ many: 1 }))).toBeUndefined();
    expect((await readdir(path.join(mnt, 'ac'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
