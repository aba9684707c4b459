import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildRootfs } from '../../../src/images/rootfs.js';
import { PhotonBuildError } from '../../../src/errors.js';
import { EPOCH, INITRD_PACKAGES, buildSampleRpms, builderImage, engine, scratch, tool } from './fixture.js';

const sha256 = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('buildRootfs (rpm --root in the builder, reproducible tar)', () => {
  let image = '';
  let repo: string;
  let work: string;
  beforeAll(async () => {
    image = await builderImage();
    work = scratch('rootfs');
    repo = await buildSampleRpms(path.join(work));
  });
  afterAll(() => {
    if (work && !process.env['PB_TEST_KEEP']) rmSync(work, { recursive: true, force: true });
  });

  const base = () => ({ image, repoDir: repo, arch: 'x86_64', sourceDateEpoch: EPOCH });

  it('installs exactly the named packages and writes a sorted tar with clamped mtimes', async () => {
    const out = path.join(work, 'out', 'initrd.tar');
    await buildRootfs(engine(), { ...base(), name: 'initrd', packages: INITRD_PACKAGES, outFile: out, logFile: path.join(work, 'LOGS', 'initrd.log') });
    const { out: listing } = await tool('tar', ['--utc', '-tvf', out]);
    const lines = listing.trim().split('\n');
    expect(lines.some((l) => / \.\/init$/.test(l))).toBe(true);
    expect(lines.some((l) => / \.\/usr\/bin\/busybox$/.test(l))).toBe(true);
    expect(lines.some((l) => / \.\/var\/lib\/rpm\/rpmdb\.sqlite$/.test(l))).toBe(true);
    expect(lines.some((l) => /\.\/usr\/bin\/hello$/.test(l))).toBe(false);
    for (const l of lines) {
      expect(l).toMatch(/^\S+ 0\/0 /);
      expect(l).toContain('2024-01-01 00:00');
    }
    const names = lines.map((l) => l.replace(/^.* \.\//, './').replace(/ -> .*$/, ''));
    expect(names).toEqual([...names].sort());
    const log = readFileSync(path.join(work, 'LOGS', 'initrd.log'), 'utf8');
    for (const p of INITRD_PACKAGES) expect(log).toMatch(new RegExp(`^${p}-[^\\n]+\\.(x86_64|noarch)$`, 'm'));
  });

  it('is byte-reproducible: two builds of the same list have the same sha256', async () => {
    const a = path.join(work, 'out', 'a.tar');
    const b = path.join(work, 'out', 'b.tar');
    await buildRootfs(engine(), { ...base(), name: 'a', packages: INITRD_PACKAGES, outFile: a, logFile: path.join(work, 'LOGS', 'a.log') });
    await new Promise((r) => setTimeout(r, 1100)); // a different wall-clock second
    await buildRootfs(engine(), { ...base(), name: 'b', packages: [...INITRD_PACKAGES].reverse(), outFile: b, logFile: path.join(work, 'LOGS', 'b.log') });
    expect(sha256(a)).toBe(sha256(b));
  });

  it('fails with missing-dependency when the closure is incomplete, leaving no output', async () => {
    const out = path.join(work, 'out', 'broken.tar');
    const err = await buildRootfs(engine(), { ...base(), name: 'broken', packages: ['hello'], outFile: out, logFile: path.join(work, 'LOGS', 'broken.log') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhotonBuildError);
    expect((err as PhotonBuildError).reason).toBe('missing-dependency');
    expect((err as PhotonBuildError).message).toMatch(/is needed by hello/);
    expect((err as PhotonBuildError).message).toContain('broken.log');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.dirname(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with an input error naming a package that is not in the repo', async () => {
    const err = await buildRootfs(engine(), { ...base(), name: 'unknown', packages: ['filesystem', 'no-such-pkg'], outFile: path.join(work, 'out', 'u.tar'), logFile: path.join(work, 'LOGS', 'u.log') }).catch((e: unknown) => e);
    expect((err as PhotonBuildError).reason).toBe('input');
    expect((err as PhotonBuildError).message).toContain("no RPM named 'no-such-pkg'");
  });

  it('honours an abort: reason aborted, no container left behind, no output written', async () => {
    const out = path.join(work, 'out', 'aborted.tar');
    const logFile = path.join(work, 'LOGS', 'aborted.log');
    const ac = new AbortController();
    const pending = buildRootfs(engine(), { ...base(), name: 'abort-me', packages: INITRD_PACKAGES, outFile: out, logFile, signal: ac.signal }).catch((e: unknown) => e);
    while (!existsSync(logFile)) await new Promise((r) => setTimeout(r, 20)); // the engine has started docker run
    ac.abort();
    const err = await pending;
    expect((err as PhotonBuildError).reason).toBe('aborted');
    expect(await engine().listContainers('photon-build-rootfs-abort-me')).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.dirname(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
