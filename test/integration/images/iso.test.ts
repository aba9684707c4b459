import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildRootfs } from '../../../src/images/rootfs.js';
import { buildIso } from '../../../src/images/iso.js';
import { defaultVolumeLabel, isoFileName } from '../../../src/images/names.js';
import { bootAndWatch, ovmfArgs } from '../../helpers/qemu.js';
import { EPOCH, INITRD_PACKAGES, MINIMAL_PACKAGES, buildSampleRpms, builderImage, engine, rpmFilesIn, scratch, tool } from './fixture.js';

const sha256 = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const MARKER = 'PHOTON-BUILD-BOOT-OK VMware Photon OS/Linux kernel=';

describe('buildIso (isolinux BIOS + GRUB UEFI, isohybrid, RPMS repo)', () => {
  let image = '';
  let work: string;
  let iso: string;
  let rpmFiles: string[];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    image = await builderImage();
    work = scratch('iso');
    await buildSampleRpms(work);
    rpmFiles = rpmFilesIn(work);
    const common = { image, repoDir: work, arch: 'x86_64', sourceDateEpoch: EPOCH };
    await buildRootfs(engine(), { ...common, name: 'installer-initrd', packages: INITRD_PACKAGES, outFile: path.join(work, 'rootfs', 'initrd.tar'), logFile: path.join(work, 'LOGS', 'rootfs-initrd.log') });
    await buildRootfs(engine(), { ...common, name: 'minimal', packages: MINIMAL_PACKAGES, outFile: path.join(work, 'rootfs', 'minimal.tar'), logFile: path.join(work, 'LOGS', 'rootfs-minimal.log') });
    const id = { releaseVersion: '5.0', buildNumber: 'abc1234', arch: 'x86_64' };
    iso = path.join(work, 'stage', isoFileName('iso', id));
    const t0 = performance.now();
    await buildIso(engine(), {
      ...common, ...id, name: 'iso', kind: 'iso', rpmFiles,
      initrdRootfs: path.join(work, 'rootfs', 'initrd.tar'), kernelFrom: path.join(work, 'rootfs', 'minimal.tar'),
      outFile: iso, volumeLabel: defaultVolumeLabel('iso', '5.0'), logFile: path.join(work, 'LOGS', 'iso.log'),
    });
    timings['iso'] = performance.now() - t0;
  });
  afterAll(() => {
    if (work && !process.env['PB_TEST_KEEP']) rmSync(work, { recursive: true, force: true });
  });

  it('is named as Photon names it and carries the volume label', async () => {
    expect(path.basename(iso)).toBe('photon-5.0-abc1234.x86_64.iso');
    const { out } = await tool('xorriso', ['-indev', iso, '-toc']);
    expect(out).toMatch(/Volume id\s*:\s*'PHOTON_5\.0'/);
    console.log(`iso: ${statSync(iso).size} bytes, built in ${Math.round(timings['iso'] ?? 0)} ms`);
  });

  it('has El Torito entries for BIOS (isolinux) and UEFI (efiboot.img)', async () => {
    const { out } = await tool('xorriso', ['-indev', iso, '-report_el_torito', 'plain']);
    expect(out).toMatch(/El Torito boot img\s*:\s*1\s+BIOS\s+y\s+none/);
    expect(out).toMatch(/El Torito boot img\s*:\s*2\s+UEFI\s+y\s+none/);
    expect(out).toMatch(/El Torito img path\s*:\s*1\s+\/isolinux\/isolinux\.bin/);
    expect(out).toMatch(/El Torito img path\s*:\s*2\s+\/boot\/grub2\/efiboot\.img/);
  });

  it('is isohybrid: an MBR partition table and a GPT with the EFI image', async () => {
    const { out } = await tool('sfdisk', ['-d', iso]);
    expect(out).toMatch(/label: (dos|gpt)/);
    expect(out).toMatch(/start=\s*\d+/);
    const gpt = await tool('sfdisk', ['--label', 'gpt', '-d', iso]);
    expect(gpt.out + out).toMatch(/type=(C12A7328-F81F-11D2-BA4B-00A0C93EC93B|ef)/i);
  });

  it('holds every RPM under RPMS/<arch> plus repodata that indexes them', async () => {
    const { out } = await tool('xorriso', ['-osirrox', 'on', '-indev', iso, '-find', '/RPMS', '-type', 'f']);
    for (const f of rpmFiles) expect(out).toContain(`/RPMS/${path.basename(path.dirname(f))}/${path.basename(f)}`);
    expect(out).toContain('/RPMS/repodata/repomd.xml');
    expect(out).toMatch(/\/RPMS\/repodata\/[0-9a-f]{64}-primary\.xml\.gz/);
    const x = path.join(work, 'extract');
    await tool('xorriso', ['-osirrox', 'on', '-indev', iso, '-extract', '/RPMS/repodata', x]);
    const primary = readdirSync(x).find((f) => f.endsWith('-primary.xml.gz'));
    const { out: xml } = await tool('sh', ['-c', `gzip -dc ${path.join(x, primary ?? 'missing')}`]);
    expect(xml).toContain(`packages="${rpmFiles.length}"`);
    expect(xml).toContain('<location href="x86_64/hello-1.0-1.ph5.x86_64.rpm"/>');
  });

  it('is byte-reproducible: a second build from the same inputs has the same sha256', async () => {
    const again = path.join(work, 'again', path.basename(iso));
    await new Promise((r) => setTimeout(r, 1100));
    await buildIso(engine(), {
      image, repoDir: work, arch: 'x86_64', sourceDateEpoch: EPOCH, releaseVersion: '5.0', buildNumber: 'abc1234',
      name: 'iso-again', kind: 'iso', rpmFiles: [...rpmFiles].reverse(),
      initrdRootfs: path.join(work, 'rootfs', 'initrd.tar'), kernelFrom: path.join(work, 'rootfs', 'minimal.tar'),
      outFile: again, volumeLabel: 'PHOTON_5.0', logFile: path.join(work, 'LOGS', 'iso-again.log'),
    });
    expect(sha256(again)).toBe(sha256(iso));
  });

  it('boots under BIOS (SeaBIOS, -cdrom) to the photon-init marker; the installer sees the RPMS on the media', async () => {
    // run to the power-off so the init's listing of the mounted ISO is in the log
    const r = await bootAndWatch({ args: ['-m', '1024', '-cdrom', iso, '-boot', 'd'], marker: 'reboot: Power down', timeoutMs: 120_000, serialLog: path.join(work, 'boot-bios.log') });
    console.log(`iso BIOS boot: powered off after ${r.elapsedMs} ms`);
    expect(r.log).toContain('ISOLINUX');
    expect(r.log).toContain(MARKER);
    expect(r.log).toContain('PHOTON-BUILD-ISO-RPMS:');
    expect(r.log).not.toContain('/dev/sr0 not mountable');
    expect(r.log).toContain('hello-1.0-1.ph5.x86_64.rpm');
  }, 150_000);

  it('boots under UEFI (OVMF) through GRUB to the photon-init marker', async () => {
    const r = await bootAndWatch({ args: ['-m', '1024', ...ovmfArgs(work), '-cdrom', iso], marker: MARKER, timeoutMs: 150_000, serialLog: path.join(work, 'boot-uefi.log') });
    console.log(`iso UEFI boot: marker after ${r.elapsedMs} ms`);
    expect(r.log).toContain('Install VMware Photon OS 5.0');
    expect(r.log).not.toContain('ISOLINUX');
    expect(r.found).toBe(true);
  }, 180_000);

  it('src-iso: a plain (non-bootable) ISO with the packages under /SRPMS plus repodata', async () => {
    // The sample build makes no SRPMs here; any RPM files exercise the same layout.
    const out = path.join(work, 'stage', isoFileName('src-iso', { releaseVersion: '5.0', buildNumber: 'abc1234', arch: 'x86_64' }));
    await buildIso(engine(), {
      image, repoDir: work, arch: 'x86_64', sourceDateEpoch: EPOCH, releaseVersion: '5.0', buildNumber: 'abc1234',
      name: 'src-iso', kind: 'src-iso', rpmFiles, outFile: out, volumeLabel: 'PHOTON_SRC_5.0', logFile: path.join(work, 'LOGS', 'src-iso.log'),
    });
    const { out: files } = await tool('xorriso', ['-osirrox', 'on', '-indev', out, '-find', '/', '-type', 'f']);
    for (const f of rpmFiles) expect(files).toContain(`/SRPMS/${path.basename(f)}`);
    expect(files).toContain('/SRPMS/repodata/repomd.xml');
    expect(files).not.toContain('/isolinux/');
    const { out: torito } = await tool('xorriso', ['-indev', out, '-report_el_torito', 'plain']);
    expect(torito).not.toMatch(/El Torito boot img/);
  });
});
