import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cacheKey } from '../../../src/cache/fingerprint.js';
import { openLocalCache } from '../../../src/cache/local.js';
import type { CacheKey, Digest } from '../../../src/cache/types.js';

let work: string;
let outRoot: string;
const warnings: string[] = [];

async function makeOutputs(files: Record<string, string>, mode = 0o644): Promise<string[]> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(outRoot, rel)), { recursive: true });
    await writeFile(path.join(outRoot, rel), text);
    await chmod(path.join(outRoot, rel), mode);
  }
  return Object.keys(files);
}

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pb-cache-'));
  outRoot = path.join(work, 'out');
  warnings.length = 0;
});

const key = (n: string): CacheKey => cacheKey({ n });
const open = (signingKey?: string) =>
  openLocalCache({ dir: path.join(work, 'cache'), ...(signingKey ? { signingKey } : {}), onWarning: (m) => warnings.push(m) });

describe('local cache', () => {
  it('stores, looks up and restores outputs with provenance and modes', async () => {
    const cache = open();
    const paths = await makeOutputs({ 'RPMS/x86_64/a.rpm': 'aaa', 'RPMS/noarch/b.rpm': 'bbbb' });
    await chmod(path.join(outRoot, 'RPMS/noarch/b.rpm'), 0o755);
    const stored = await cache.store(key('a'), 'rpm:a', outRoot, paths, { spec: 'x' }, 1234);
    expect(stored.outputs.map((o) => [o.path, o.size, o.mode])).toEqual([
      ['RPMS/noarch/b.rpm', 4, 0o755],
      ['RPMS/x86_64/a.rpm', 3, 0o644],
    ]);
    expect(stored.provenance.durationMs).toBe(1234);
    expect(stored.provenance.tool).toMatch(/^photon-build \d/);
    const hit = await cache.lookup(key('a'));
    expect(hit).toEqual(stored);
    expect(await cache.lookup(key('other'))).toBeUndefined();

    const dest = path.join(work, 'dest');
    expect(await cache.restore(hit!, dest)).toBe(true);
    expect(await readFile(path.join(dest, 'RPMS/x86_64/a.rpm'), 'utf8')).toBe('aaa');
    expect((await stat(path.join(dest, 'RPMS/noarch/b.rpm'))).mode & 0o777).toBe(0o755);
    // Same filesystem and same mode: hardlinked to the blob.
    const blob = cache.layout.blobPath(stored.outputs[1]!.digest);
    expect((await stat(path.join(dest, 'RPMS/x86_64/a.rpm'))).ino).toBe((await stat(blob)).ino);
    // Restoring again over the same files is fine.
    expect(await cache.restore(hit!, dest)).toBe(true);
    expect((await cache.latestFor('rpm:a'))?.key).toBe(key('a'));
  });

  it('copies instead of linking when the blob mode differs from the wanted mode', async () => {
    const cache = open();
    await makeOutputs({ 'x': 'same' }, 0o644);
    await cache.store(key('1'), 's1', outRoot, ['x'], {}, 1);
    await chmod(path.join(outRoot, 'x'), 0o600);
    const second = await cache.store(key('2'), 's2', outRoot, ['x'], {}, 1);
    const dest = path.join(work, 'dest2');
    expect(await cache.restore(second, dest)).toBe(true);
    const s = await stat(path.join(dest, 'x'));
    expect(s.mode & 0o777).toBe(0o600);
    expect(s.ino).not.toBe((await stat(cache.layout.blobPath(second.outputs[0]!.digest))).ino);
  });

  it('detects a corrupt blob, evicts blob and record, and reports a miss', async () => {
    const cache = open();
    await makeOutputs({ 'f.rpm': 'good bytes' });
    const rec = await cache.store(key('c'), 'rpm:c', outRoot, ['f.rpm'], {}, 5);
    const blob = cache.layout.blobPath(rec.outputs[0]!.digest);
    await writeFile(blob, 'evil bytes'); // same size, other content
    const fresh = open(); // no in-process verification memo
    expect(await fresh.lookup(key('c'))).toBeUndefined();
    expect(existsSync(blob)).toBe(false);
    expect(existsSync(cache.layout.recordPath(key('c')))).toBe(false);
    expect(warnings.join('\n')).toMatch(/corrupt/);
  });

  it('restore refuses a blob that went bad after lookup', async () => {
    const cache = open();
    await makeOutputs({ 'f': 'content-1' });
    const rec = await cache.store(key('r'), 'r', outRoot, ['f'], {}, 5);
    await writeFile(cache.layout.blobPath(rec.outputs[0]!.digest), 'tampered!!');
    expect(await cache.restore(rec, path.join(work, 'd'))).toBe(false);
    expect(existsSync(path.join(work, 'd', 'f'))).toBe(false);
  });

  it('treats a malformed record as a miss and evicts it', async () => {
    const cache = open();
    await makeOutputs({ 'f': 'x' });
    await cache.store(key('m'), 'm', outRoot, ['f'], {}, 1);
    await writeFile(cache.layout.recordPath(key('m')), '{"key":');
    expect(await cache.lookup(key('m'))).toBeUndefined();
    expect(existsSync(cache.layout.recordPath(key('m')))).toBe(false);
  });

  it('signs records with a key and rejects tampered or unsigned ones', async () => {
    const signed = open('s3cret');
    await makeOutputs({ 'f': 'payload' });
    const rec = await signed.store(key('s'), 'rpm:s', outRoot, ['f'], { spec: 'v1' }, 1);
    expect(rec.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(await signed.lookup(key('s'))).toEqual(rec);
    // Another key → miss.
    expect(await open('other').lookup(key('s'))).toBeUndefined();
    // Tamper with an input: signature no longer matches.
    const file = signed.layout.recordPath(key('s'));
    await writeFile(file, (await readFile(file, 'utf8')).replace('"v1"', '"v2"'));
    warnings.length = 0;
    expect(await signed.lookup(key('s'))).toBeUndefined();
    expect(warnings.join()).toMatch(/wrong signature/);
    // An unsigned record when a key is set → miss + warning.
    await open().store(key('u'), 'rpm:u', outRoot, ['f'], {}, 1);
    warnings.length = 0;
    expect(await signed.lookup(key('u'))).toBeUndefined();
    expect(warnings.join()).toMatch(/missing signature/);
  });

  it('rejects outputs outside the root and non-regular files', async () => {
    const cache = open();
    await mkdir(outRoot, { recursive: true });
    await expect(cache.store(key('x'), 'x', outRoot, ['../etc/passwd'], {}, 1)).rejects.toThrow(/not a relative path/);
    await expect(cache.store(key('x'), 'x', outRoot, ['missing'], {}, 1)).rejects.toThrow(/not a regular file/);
    expect(existsSync(cache.layout.recordPath(key('x')))).toBe(false);
  });

  it('leaves no temp files behind after a store', async () => {
    const cache = open();
    await makeOutputs({ 'a': '1', 'b': '2' });
    await cache.store(key('t'), 't', outRoot, ['a', 'b'], {}, 1);
    expect(await readdir(cache.layout.tmpDir)).toEqual([]);
    expect(await readdir(cache.layout.acDir)).toEqual([`${key('t')}.json`]);
  });

  it('reports stats, prunes by age and by size (least recently used first)', async () => {
    const cache = open();
    await makeOutputs({ 'big': 'x'.repeat(1000), 'small': 'y'.repeat(10), 'mid': 'z'.repeat(500) });
    await cache.store(key('old'), 'old', outRoot, ['big'], {}, 1);
    await cache.store(key('mid'), 'mid', outRoot, ['mid'], {}, 1);
    await cache.store(key('new'), 'new', outRoot, ['small'], {}, 1);
    const { utimes } = await import('node:fs/promises');
    const day = 86_400_000;
    await utimes(cache.layout.recordPath(key('old')), new Date(Date.now() - 40 * day), new Date(Date.now() - 40 * day));
    await utimes(cache.layout.recordPath(key('mid')), new Date(Date.now() - 5 * day), new Date(Date.now() - 5 * day));
    expect(await cache.stats()).toMatchObject({ records: 3, blobs: 3, blobBytes: 1510 });

    const byAge = await cache.prune({ olderThanMs: 30 * day });
    expect(byAge).toMatchObject({ removedRecords: 1, removedBlobs: 1, freedBytes: 1000 });
    expect(await cache.lookup(key('old'))).toBeUndefined();
    expect(await cache.latestFor('old')).toBeUndefined();

    const bySize = await cache.prune({ maxSize: 100 });
    expect(bySize.removedRecords).toBe(1);
    expect(bySize.after).toMatchObject({ records: 1, blobBytes: 10 });
    expect(await cache.lookup(key('new'))).toBeDefined();

    // A blob no record ever referenced may be an import in flight: kept for an hour.
    const orphan = cache.layout.blobPath(key('orphan') as unknown as Digest);
    await mkdir(path.dirname(orphan), { recursive: true });
    await writeFile(orphan, 'in flight');
    await cache.prune({});
    expect(existsSync(orphan)).toBe(true);
    await cache.prune({ now: Date.now() + 2 * 3_600_000 });
    expect(existsSync(orphan)).toBe(false);
  });

  it('evict removes the record', async () => {
    const cache = open();
    await makeOutputs({ 'f': 'x' });
    await cache.store(key('e'), 'e', outRoot, ['f'], {}, 1);
    expect(await cache.evict(key('e'))).toBe(true);
    expect(await cache.lookup(key('e'))).toBeUndefined();
    expect(await cache.evict(key('e'))).toBe(false);
  });
});
