// Cross-built aarch64 RPMs of the sample tree, in the real x86_64 builder container: the
// output arches, rpm's automatic ELF dependencies (hello needs libgreet and the aarch64
// glibc, which provides them), aarch64 machine code, Photon's /usr/lib layout, the
// rpi-only packages, and a dependency-checked install of the lot into an empty root.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnv, builderArch } from '../../../src/executor/rpm-build.js';
import { buildAarch64Rpms } from '../../fixtures/aarch64/sample-rpms.js';
import type { BuiltRpms } from '../../fixtures/aarch64/sample-rpms.js';
import { builderImage, containersNamed, dockerEngine, PREFIX } from './helpers.js';

const q = async (args: readonly string[]): Promise<string[]> =>
  (await execa('rpm', ['-qp', '--nosignature', ...args])).stdout.split('\n').filter(Boolean);

/** Extracts one file of an RPM to a temp dir and returns its host path. */
async function extract(rpm: string, file: string, dir: string): Promise<string> {
  await execa('sh', ['-c', `rpm2cpio "$1" | cpio -idm --quiet ".${file}"`, 'sh', rpm], { cwd: dir });
  return path.join(dir, file);
}

describe('aarch64 sample RPMs (cross-built)', () => {
  const engine = dockerEngine();
  let built: BuiltRpms;
  const tmp = mkdtempSync(path.join(os.tmpdir(), `${PREFIX}-aarch64-`));

  beforeAll(async () => {
    const image = await builderImage();
    const started = performance.now();
    built = await buildAarch64Rpms(engine, image, { fresh: true, prefix: `${PREFIX}-aarch64` });
    console.info(`[measure] aarch64 sample RPMs: ${Math.round(performance.now() - started)} ms wall; per package (ms): ${JSON.stringify(built.timings)}`);
  }, 900_000);
  afterAll(() => {
    if (process.env['PB_TEST_KEEP']) return;
    rmSync(tmp, { recursive: true, force: true });
    if (built?.scratch) rmSync(built.scratch, { recursive: true, force: true });
  });

  it('passes TARGET_ARCH only when the spec arch is not the builder arch', () => {
    expect(builderArch('x64')).toBe('x86_64');
    expect(builderArch('arm64')).toBe('aarch64');
    expect(buildEnv('x86_64', 5, 'x86_64')).toEqual({ SOURCE_DATE_EPOCH: '5' });
    expect(buildEnv('aarch64', 5, 'x86_64')).toEqual({ SOURCE_DATE_EPOCH: '5', TARGET_ARCH: 'aarch64' });
    expect(buildEnv('aarch64', 5, 'aarch64')).toEqual({ SOURCE_DATE_EPOCH: '5' });
  });

  it('builds every package, arch packages as aarch64, noarch ones as noarch, no container left', async () => {
    const files = [...built.byName.values()].map((f) => path.relative(built.dir, f)).sort();
    expect([...built.byName.keys()].sort()).toEqual([
      'busybox', 'filesystem', 'glibc', 'hello', 'libgreet', 'libgreet-devel', 'linux', 'photon-init', 'photon-release',
      'photon-repos', 'photon-rpm-macros', 'raspberrypi-firmware', 'sample-tools', 'sample-tools-devel', 'sample-tools-doc',
      'sample-tools-libs', 'u-boot-rpi3',
    ]);
    for (const f of files) expect(f).toMatch(/^RPMS\/(aarch64\/[^/]+\.ph5\.aarch64|noarch\/[^/]+\.ph5\.noarch)\.rpm$/);
    const arch = (n: string): string => path.basename(path.dirname(built.byName.get(n)!));
    for (const n of ['glibc', 'busybox', 'hello', 'libgreet', 'linux', 'sample-tools-libs', 'u-boot-rpi3', 'raspberrypi-firmware']) expect(arch(n), n).toBe('aarch64');
    for (const n of ['filesystem', 'photon-init', 'photon-release', 'sample-tools-doc']) expect(arch(n), n).toBe('noarch');
    const log = readFileSync(path.join(built.scratch!, 'LOGS', 'hello.log'), 'utf8');
    expect(log).toContain('== cross build for aarch64 on x86_64');
    expect(await containersNamed(`${PREFIX}-aarch64`)).toEqual([]);
  });

  it('derives ELF dependencies: hello needs libgreet.so.1 and glibc symbols that the aarch64 glibc provides', async () => {
    const requires = await q(['--requires', built.byName.get('hello')!]);
    expect(requires).toContain('libgreet.so.1()(64bit)');
    expect(requires).toContain('libc.so.6()(64bit)');
    expect(requires.some((r) => /^libc\.so\.6\(GLIBC_2\.\d+\)\(64bit\)$/.test(r))).toBe(true);
    expect(requires).toContain('libgreet');
    const glibcProvides = await q(['--provides', built.byName.get('glibc')!]);
    expect(glibcProvides).toContain('ld-linux-aarch64.so.1()(64bit)');
    expect(glibcProvides).toContain('libc.so.6()(64bit)');
    // x86_64 sonames must not leak into the aarch64 package
    expect(glibcProvides.some((p) => p.includes('x86-64'))).toBe(false);
    const all = new Set((await Promise.all([...built.byName.values()].map((f) => q(['--provides', f])))).flat().map((p) => p.replace(/ = .*$/, '')));
    for (const f of await q(['-l', built.byName.get('glibc')!])) all.add(f);
    for (const r of requires.filter((x) => !x.startsWith('rpmlib('))) expect(all.has(r.replace(/ [<>=]+ .*$/, '')), r).toBe(true);
    expect(await q(['--provides', built.byName.get('libgreet')!])).toContain('libgreet.so.1()(64bit)');
  });

  it('holds aarch64 machine code in Photon\'s layout (/usr/lib, loader /lib/ld-linux-aarch64.so.1)', async () => {
    const hello = await extract(built.byName.get('hello')!, '/usr/bin/hello', tmp);
    const header = (await execa('readelf', ['-h', '-l', hello])).stdout;
    expect(header).toMatch(/Machine:\s+AArch64/);
    expect(header).toContain('[Requesting program interpreter: /lib/ld-linux-aarch64.so.1]');
    expect(await q(['-l', built.byName.get('libgreet')!])).toEqual(['/usr/lib/libgreet.so.1', '/usr/lib/libgreet.so.1.0']);
    const glibcFiles = await q(['-l', built.byName.get('glibc')!]);
    expect(glibcFiles).toContain('/usr/lib/ld-linux-aarch64.so.1');
    expect(glibcFiles).toContain('/usr/lib/libc.so.6');
    const busybox = await extract(built.byName.get('busybox')!, '/usr/bin/busybox', tmp);
    expect((await execa('readelf', ['-h', busybox])).stdout).toMatch(/Machine:\s+AArch64/);
    const kernelFiles = await q(['-l', built.byName.get('linux')!]);
    expect(kernelFiles).toContain('/boot/dtb/broadcom/bcm2837-rpi-3-b.dtb');
    expect(kernelFiles.some((f) => /^\/boot\/vmlinuz-.*-arm64$/.test(f))).toBe(true);
    expect(await q(['-l', built.byName.get('u-boot-rpi3')!])).toEqual(['/boot/efi', '/boot/efi/u-boot.bin']);
    expect(await q(['-l', built.byName.get('raspberrypi-firmware')!])).toContain('/boot/efi/start.elf');
  });

  it('installs with every dependency resolved into an empty root (--ignorearch, --noscripts: no emulation)', async () => {
    const root = path.join(tmp, 'root');
    const rpm = ['--root', root, '--dbpath', '/var/lib/rpm'];
    await execa('rpm', [...rpm, '--initdb']);
    const r = await execa('rpm', [...rpm, '-i', '--ignorearch', '--noscripts', '--nosignature', ...built.byName.values()], { reject: false, all: true });
    expect(r.exitCode, String(r.all)).toBe(0);
    const installed = (await execa('rpm', [...rpm, '-qa', '--qf', '%{NAME}.%{ARCH}\n'])).stdout.split('\n');
    expect(installed).toContain('hello.aarch64');
    expect(installed).toContain('glibc.aarch64');
  });
});
