import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerCache } from '../../../src/cli/cache.js';
import { cacheKey } from '../../../src/cache/fingerprint.js';
import { openLocalCache } from '../../../src/cache/local.js';

let stdout: string;
let work: string;

beforeEach(async () => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  work = await mkdtemp(path.join(tmpdir(), 'pb-cache-cli-'));
});
afterEach(() => vi.restoreAllMocks());

async function cli(...args: string[]): Promise<void> {
  const program = new Command('photon-build').exitOverride();
  registerCache(program);
  await program.parseAsync(args, { from: 'user' });
}

describe('photon-build cache / why', () => {
  it('stats and prune a cache directory', async () => {
    const cacheDir = path.join(work, 'cache');
    const out = path.join(work, 'out');
    await mkdir(out);
    await writeFile(path.join(out, 'f'), 'x'.repeat(2048));
    await openLocalCache({ dir: cacheDir }).store(cacheKey({ a: 1 }), 'rpm:a', out, ['f'], {}, 10);
    await cli('cache', 'stats', '--cache-dir', cacheDir);
    expect(stdout).toMatch(/records: 1\n/);
    expect(stdout).toMatch(/blobs:\s+1 \(2\.0 KiB\)/);
    stdout = '';
    await cli('cache', 'prune', '--max-size', '1K', '--cache-dir', cacheDir, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ removedRecords: 1, removedBlobs: 1, freedBytes: 2048 });
    await expect(cli('cache', 'prune', '--max-size', 'lots', '--cache-dir', cacheDir)).rejects.toThrow(/must be a size like 10G/);
  });

  it('why explains a miss from the plan file and a hit with provenance', async () => {
    const cacheDir = path.join(work, 'cache');
    const stage = path.join(work, 'stage');
    const out = path.join(work, 'out');
    await mkdir(out);
    await writeFile(path.join(out, 'hello.rpm'), 'rpm');
    const old = { recipe: 'rpm/1', spec: 'sha256:aaa', 'source:hello.tar.gz': 'sha512:111' };
    await openLocalCache({ dir: cacheDir }).store(cacheKey(old), 'rpm:hello', out, ['hello.rpm'], old, 2500);

    await expect(cli('why', 'hello', '--stage', stage, '--cache-dir', cacheDir)).rejects.toThrow(/no plan yet .*photon-build plan/);

    const current = { recipe: 'rpm/1', spec: 'sha256:bbb', 'patch:fix.patch': 'sha256:ccc' };
    await mkdir(path.join(stage, '.photon-build'), { recursive: true });
    await writeFile(path.join(stage, '.photon-build/plan.json'), JSON.stringify({ target: 'packages', steps: [{ id: 'rpm:hello', kind: 'rpm', key: cacheKey(current), inputs: current }] }));
    await cli('why', 'hello', '--stage', stage, '--cache-dir', cacheDir);
    expect(stdout).toContain('rpm:hello: miss');
    expect(stdout).toContain('changed  spec: sha256:aaa → sha256:bbb');
    expect(stdout).toContain('added    patch:fix.patch: sha256:ccc');
    expect(stdout).toContain('removed  source:hello.tar.gz: sha512:111');
    expect(stdout).toMatch(/last built .* in 2\.5 s by photon-build/);

    stdout = '';
    await writeFile(path.join(stage, '.photon-build/plan.json'), JSON.stringify({ steps: [{ id: 'rpm:hello', key: cacheKey(old), inputs: old }] }));
    await cli('why', 'rpm:hello', '--stage', stage, '--cache-dir', cacheDir, '--json');
    expect(JSON.parse(stdout)[0]).toMatchObject({ status: 'hit', record: { provenance: { durationMs: 2500 } } });
  });
});
