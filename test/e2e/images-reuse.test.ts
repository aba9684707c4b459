// `photon-build iso` then `photon-build ova` on one tree: the second target reuses every
// package and the shared installer-initrd rootfs from the cache (shown in its events and
// summary); both artifacts get checksum files that coreutils accepts and manifest entries.
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sampleTreeCopy, stepEnds } from '../helpers/cli.js';

const TIMEOUT = 15 * 60_000;
let tree: string;
let cache: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ tree, cache, cleanup } = await sampleTreeCopy());
});
afterAll(async () => cleanup());

describe('iso, then ova, on one tree', () => {
  it('builds the iso and prints its path and checksums', async () => {
    const r = await runCli(['iso', '--tree', tree, '--cache-dir', cache]);
    expect(r.exitCode, r.stderr).toBe(0);
    const iso = path.join(tree, 'stage/images/photon-5.0-0000000.x86_64.iso');
    expect(r.stdout).toContain(`artifact: ${iso}`);
    const md5 = (await execa('md5sum', [iso])).stdout.split(' ')[0]!;
    expect(r.stdout).toMatch(new RegExp(`md5 ${md5}`));
  }, TIMEOUT);

  it('ova reuses every package and the shared rootfs stage, and builds only its own steps', async () => {
    const r = await runCli(['ova', '--tree', tree, '--cache-dir', cache, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const ends = stepEnds(r.stdout);
    const rpm = ends.filter((e) => e.kind === 'rpm');
    expect(rpm.length).toBeGreaterThan(5);
    expect(rpm.filter((e) => e.outcome !== 'cached')).toEqual([]);
    expect(ends.find((e) => e.step === 'rootfs:packages_installer_initrd.json')?.outcome).toBe('cached');
    expect(ends.find((e) => e.step === 'image:ova')?.outcome).toBe('built');
    expect(r.stderr).toMatch(/cache hit rate \d+%/);
  }, TIMEOUT);

  it('both artifacts have .md5/.sha256 files coreutils verifies and a manifest entry that matches', async () => {
    const dir = path.join(tree, 'stage/images');
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { artifacts: { name: string; format: string; md5: string; sha256: string; size: number }[] };
    const names = manifest.artifacts.map((a) => a.name).sort();
    expect(names).toEqual(['photon-5.0-0000000.x86_64.iso', 'photon-ova-5.0-0000000.x86_64.ova']);
    for (const a of manifest.artifacts) {
      await execa('md5sum', ['-c', `${a.name}.md5`], { cwd: dir });
      await execa('sha256sum', ['-c', `${a.name}.sha256`], { cwd: dir });
      expect((await execa('sha256sum', [a.name], { cwd: dir })).stdout.split(' ')[0]).toBe(a.sha256);
    }
    const verify = await runCli(['verify', '--against', path.join(dir, 'manifest.json'), dir]);
    expect(verify.exitCode, verify.stdout + verify.stderr).toBe(0);
  }, TIMEOUT);
});
