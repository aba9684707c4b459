import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey, digestFile } from '../../../src/cache/fingerprint.js';
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

  it('a record that does not fit leaves an unreferenced blob, no record and no temp file', async () => {
    const cache = openLocalCache({ dir: mnt });
    const out = path.join(work, 'out2');
    await mkdir(out);
    await writeFile(path.join(out, 'tiny'), 'tiny output');
    // Leave two free pages: the blob (one page) fits, the ~20 KiB record does not.
    const fs = await statfs(mnt);
    await writeFile(path.join(mnt, 'filler'), Buffer.alloc((fs.bavail - 2) * fs.bsize));
    const key = cacheKey({ big: 'record' });
    const failure = await cache.store(key, 'big-record', out, ['tiny'], { notes: 'n'.repeat(20_000) }, 1).catch((e: unknown) => e);
    expect((failure as PhotonBuildError).reason).toBe('cache');
    expect((failure as PhotonBuildError).message).toContain(`ac/${key}.json`);
    expect(await cache.lookup(key)).toBeUndefined();
    expect((await readdir(path.join(mnt, 'ac'))).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await readdir(path.join(mnt, 'tmp'))).toEqual([]);
    const blob = cache.layout.blobPath((await digestFile(path.join(out, 'tiny'))));
    expect(existsSync(blob)).toBe(true); // published before the record, now unreferenced
    await rm(path.join(mnt, 'filler'));
    await cache.prune({ now: Date.now() + 2 * 3_600_000 });
    expect(existsSync(blob)).toBe(false);
  });
});
