import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey } from '../../../src/cache/fingerprint.js';
import { openLocalCache } from '../../../src/cache/local.js';
import { layeredCache, openRemoteCache } from '../../../src/cache/remote.js';
import type { RemoteCacheOptions } from '../../../src/cache/remote.js';
import { startNginx } from './nginx.js';
import type { Nginx } from './nginx.js';

let nginx: Nginx;
let work: string;
let outRoot: string;

beforeAll(async () => {
  nginx = await startNginx();
  work = await mkdtemp(path.join(tmpdir(), 'pb-remote-'));
  outRoot = path.join(work, 'out');
  await mkdir(path.join(outRoot, 'RPMS/x86_64'), { recursive: true });
  await writeFile(path.join(outRoot, 'RPMS/x86_64/hello-1.0-1.ph5.x86_64.rpm'), 'rpm payload '.repeat(5000));
  await writeFile(path.join(outRoot, 'RPMS/x86_64/hello-devel-1.0-1.ph5.x86_64.rpm'), 'devel payload');
});

afterAll(async () => {
  await nginx?.stop();
});

const PATHS = ['RPMS/x86_64/hello-1.0-1.ph5.x86_64.rpm', 'RPMS/x86_64/hello-devel-1.0-1.ph5.x86_64.rpm'];

function client(name: string, remote: Partial<RemoteCacheOptions> = {}, signingKey?: string) {
  const warnings: string[] = [];
  const onWarning = (m: string) => warnings.push(m);
  const local = openLocalCache({ dir: path.join(work, name), ...(signingKey ? { signingKey } : {}), onWarning });
  const r = openRemoteCache({ url: nginx.url, ...(signingKey ? { signingKey } : {}), onWarning, timeoutMs: 5_000, ...remote });
  return { local, cache: layeredCache(local, r, { onWarning }), warnings };
}

describe('remote HTTP cache against nginx', () => {
  it('round-trips: one machine uploads, another downloads, verifies and restores', async () => {
    const a = client('a-rt');
    const key = cacheKey({ t: 'roundtrip' });
    const stored = await a.cache.store(key, 'rpm:hello', outRoot, PATHS, { spec: 'v1' }, 4000);
    expect(existsSync(path.join(nginx.root, 'ac', key))).toBe(true);
    for (const o of stored.outputs) expect(existsSync(path.join(nginx.root, 'cas', o.digest))).toBe(true);

    const b = client('b-rt');
    const hit = await b.cache.lookup(key);
    expect(hit).toEqual(stored);
    expect(await b.local.lookup(key)).toEqual(stored); // now in b's local CAS
    const dest = path.join(work, 'dest-rt');
    expect(await b.cache.restore(hit!, dest)).toBe(true);
    expect(await readFile(path.join(dest, PATHS[0]!), 'utf8')).toBe('rpm payload '.repeat(5000));
    expect(b.warnings).toEqual([]);
    expect(await b.cache.lookup(cacheKey({ t: 'absent' }))).toBeUndefined();
    expect(b.warnings).toEqual([]); // a 404 is a plain miss
  });

  it('readOnly never PUTs', async () => {
    const before = (await nginx.accessLog()).split('\n').filter((l) => l.includes('"PUT ')).length;
    const ro = client('ro', { readOnly: true });
    const key = cacheKey({ t: 'readonly' });
    await ro.cache.store(key, 'rpm:ro', outRoot, PATHS, {}, 1);
    expect(await ro.local.lookup(key)).toBeDefined();
    expect(existsSync(path.join(nginx.root, 'ac', key))).toBe(false);
    const after = (await nginx.accessLog()).split('\n').filter((l) => l.includes('"PUT ')).length;
    expect(after).toBe(before);
  });

  it('rejects a corrupted remote blob and keeps nothing of it', async () => {
    const a = client('a-corrupt');
    const key = cacheKey({ t: 'corrupt' });
    await writeFile(path.join(outRoot, 'unique'), 'unique to the corruption test');
    const stored = await a.cache.store(key, 'rpm:c', outRoot, ['unique'], {}, 1);
    const digest = stored.outputs[0]!.digest;
    await writeFile(path.join(nginx.root, 'cas', digest), 'tampered bytes on the server');
    const b = client('b-corrupt');
    expect(await b.cache.lookup(key)).toBeUndefined();
    expect(b.warnings.join('\n')).toMatch(/blob .* rejected/);
    expect(existsSync(b.local.layout.blobPath(digest))).toBe(false);
    expect(existsSync(b.local.layout.recordPath(key))).toBe(false);
    expect(await readdir(b.local.layout.tmpDir)).toEqual([]);
  });

  it('rejects a tampered record when signing is on (HMAC)', async () => {
    const a = client('a-hmac', {}, 'team-secret');
    const key = cacheKey({ t: 'hmac' });
    await a.cache.store(key, 'rpm:h', outRoot, PATHS, { spec: 'good' }, 1);
    const b = client('b-hmac', {}, 'team-secret');
    expect(await b.cache.lookup(key)).toBeDefined(); // untampered passes

    const file = path.join(nginx.root, 'ac', key);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"good"', '"evil"'));
    const c = client('c-hmac', {}, 'team-secret');
    expect(await c.cache.lookup(key)).toBeUndefined();
    expect(c.warnings.join('\n')).toMatch(/rejected \(mismatch signature\)/);
    expect(existsSync(c.local.layout.recordPath(key))).toBe(false);
  });

  it('an unreachable remote warns once and the build continues locally', async () => {
    const warnings: string[] = [];
    const local = openLocalCache({ dir: path.join(work, 'offline'), onWarning: (m) => warnings.push(m) });
    const remote = openRemoteCache({ url: 'http://127.0.0.1:9', timeoutMs: 2_000, onWarning: (m) => warnings.push(m) });
    const cache = layeredCache(local, remote);
    const key = cacheKey({ t: 'offline' });
    expect(await cache.lookup(key)).toBeUndefined();
    const stored = await cache.store(key, 'rpm:o', outRoot, PATHS, {}, 1);
    expect(await cache.lookup(key)).toEqual(stored);
    expect(await cache.lookup(cacheKey({ t: 'offline-2' }))).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/unreachable .*continuing with the local cache only/);
    expect(remote.disabled).toBe(true);
  });
});
