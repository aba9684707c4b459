import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir, hostname } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { withCacheLock } from '../../../src/cache/lock.js';
import { openLocalCache } from '../../../src/cache/local.js';
import { cacheKey } from '../../../src/cache/fingerprint.js';
import { compileCacheModules, FIXTURES } from './compile.js';

const run = promisify(execFile);
let js: string;

beforeAll(() => {
  js = compileCacheModules();
}, 120_000);

describe('cache lock across real processes', () => {
  it('serialises read-modify-write sections of two processes (no lost update)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-lock-'));
    const counter = path.join(dir, 'counter');
    await writeFile(counter, '0');
    const worker = path.join(FIXTURES, 'lock-worker.mjs');
    const mod = path.join(js, 'cache/lock.js');
    await Promise.all([1, 2].map(() => run(process.execPath, [worker, mod, path.join(dir, 'cache'), counter, '60'])));
    expect(await readFile(counter, 'utf8')).toBe('120');
    expect(await readdir(path.join(dir, 'cache'))).toEqual([]);
  });

  it('two processes storing the same and different keys leave a consistent cache', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-store-'));
    const cacheDir = path.join(dir, 'cache');
    const worker = path.join(FIXTURES, 'store-worker.mjs');
    await Promise.all(['A', 'B'].map((id) =>
      run(process.execPath, [worker, path.join(js, 'cache/local.js'), path.join(js, 'cache/fingerprint.js'), cacheDir, dir, id, '25'])));
    const cache = openLocalCache({ dir: cacheDir });
    for (let i = 0; i < 25; i++) {
      expect(await cache.lookup(cacheKey({ shared: i }))).toBeDefined();
      for (const id of ['A', 'B']) expect(await cache.lookup(cacheKey({ own: i, id }))).toBeDefined();
    }
    expect(await cache.stats()).toMatchObject({ records: 75, blobs: 75 });
    expect(await readdir(path.join(cacheDir, 'tmp'))).toEqual([]);
  });

  it('breaks a lock left by a dead process', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-stale-'));
    const dead = await run(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await writeFile(path.join(dir, 'lock'), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), nonce: 'x' }));
    expect(await withCacheLock(dir, async () => 'got it')).toBe('got it');
  });

  it('breaks a lock from another host only when it is old', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-remote-host-'));
    const file = path.join(dir, 'lock');
    await writeFile(file, JSON.stringify({ pid: 1, host: 'some-other-builder', nonce: 'y' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await expect(withCacheLock(dir, async () => 'fresh lock broken', { signal: controller.signal })).rejects.toThrow(/aborted while waiting/);
    const old = new Date(Date.now() - 11 * 60_000);
    await utimes(file, old, old);
    expect(await withCacheLock(dir, async () => 'old lock broken')).toBe('old lock broken');
  });

  it('waits for a live holder and honours abort while waiting', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-wait-'));
    let release!: () => void;
    const held = withCacheLock(dir, () => new Promise<void>((r) => { release = r; }));
    await new Promise((r) => setTimeout(r, 20));
    const controller = new AbortController();
    const waiting = withCacheLock(dir, async () => 'second', { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toThrow(/aborted while waiting/);
    const next = withCacheLock(dir, async () => 'third');
    release();
    await held;
    expect(await next).toBe('third');
  });
});
