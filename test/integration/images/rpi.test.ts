// The rpi (rpi3) image from the cross-built aarch64 sample RPMs, in the real builder
// container: MBR layout (sfdisk -d), a clean ext4 root (fsck.ext4 -fn, debugfs), the FAT
// boot partition (mdir/mtype), byte reproducibility, and a boot under
// qemu-system-aarch64 -M raspi3b through U-Boot → extlinux → kernel → initrd to the
// marker photon-init prints (raspi3b never exits: bootAndWatch stops it at the marker).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRpi, rpiFileName, RPI_DISK_MIB } from '../../../src/images/rpi.js';
import { buildRootfs } from '../../../src/images/rootfs.js';
import { SAMPLE_TREE_DIR } from '../../../src/paths.js';
import { bootAndWatch } from '../../helpers/qemu.js';
import { buildAarch64Rpms, EPOCH } from '../../fixtures/aarch64/sample-rpms.js';
import { builderImage, engine, scratch, tool } from './fixture.js';

const PREFIX = 'pb-test-images-rpi';
const MARKER = 'PHOTON-BUILD-BOOT-OK';
const list = (name: string): { packages: string[]; packages_aarch64?: string[] } =>
  JSON.parse(readFileSync(path.join(SAMPLE_TREE_DIR, 'common', 'data', `${name}.json`), 'utf8')) as { packages: string[]; packages_aarch64?: string[] };
const rpiList = list('packages_rpi');
const RPI_PACKAGES = [...rpiList.packages, ...(rpiList.packages_aarch64 ?? [])];
const INITRD_PACKAGES = list('packages_installer_initrd').packages;
const MiB = 1024 * 1024;
const BOOT_OFFSET = 8192 * 512;

describe('rpi image (aarch64, raspi3b)', () => {
  const eng = engine();
  let dir = '';
  let image = '';
  let raw = '';
  let outFile = '';
  let rootfs = '';
  let initrd = '';
  let buildMs = 0;

  beforeAll(async () => {
    image = await builderImage();
    dir = scratch('rpi');
    const rpms = await buildAarch64Rpms(eng, image, { prefix: PREFIX });
    rootfs = path.join(dir, 'rpi.tar');
    initrd = path.join(dir, 'initrd.tar');
    for (const [name, packages, out] of [['rpi', RPI_PACKAGES, rootfs], ['initrd', INITRD_PACKAGES, initrd]] as const) {
      await buildRootfs(eng, { image, name: `${PREFIX}-${name}`, repoDir: rpms.dir, packages, arch: 'aarch64', outFile: out, logFile: path.join(dir, 'LOGS', `rootfs-${name}.log`), sourceDateEpoch: EPOCH });
    }
    outFile = path.join(dir, 'out', rpiFileName({ releaseVersion: '5.0', buildNumber: '0000000', arch: 'aarch64' }));
    const started = performance.now();
    await buildRpi(eng, { image, name: 'sample', rootfs, initrdRootfs: initrd, outFile, logFile: path.join(dir, 'LOGS', 'rpi.log'), sourceDateEpoch: EPOCH, arch: 'aarch64' });
    buildMs = Math.round(performance.now() - started);
    raw = path.join(dir, 'disk.raw');
    await execa('sh', ['-c', 'xz -dc "$1" | cp --sparse=always /dev/stdin "$2"', 'sh', outFile, raw]);
  }, 900_000);
  afterAll(async () => {
    console.info(`[measure] rpi: buildRpi ${buildMs} ms; xz ${outFile && existsSync(outFile) ? statSync(outFile).size : 0} bytes; raw ${raw && existsSync(raw) ? statSync(raw).size : 0} bytes`);
    expect(await eng.listContainers(PREFIX)).toEqual([]);
    if (!process.env['PB_TEST_KEEP'] && dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the artifact as Photon does and refuses other arches and sizes', async () => {
    expect(path.basename(outFile)).toBe('photon-rpi-5.0-0000000.aarch64.xz');
    expect(() => rpiFileName({ releaseVersion: '5.0', buildNumber: 'abc', arch: 'x86_64' })).toThrow(/aarch64 only/);
    await expect(buildRpi(eng, { image, name: 'x', rootfs, outFile: path.join(dir, 'bad.xz'), logFile: path.join(dir, 'bad.log'), sourceDateEpoch: EPOCH, diskSizeMiB: 768 }))
      .rejects.toThrow(/power of two/);
    await expect(buildRpi(eng, { image, name: 'x', rootfs, outFile: path.join(dir, 'bad.xz'), logFile: path.join(dir, 'bad.log'), sourceDateEpoch: EPOCH, arch: 'x86_64' }))
      .rejects.toThrow(/aarch64 only/);
    expect(existsSync(path.join(dir, 'bad.xz'))).toBe(false);
  });

  it('is an xz stream of a 512 MiB MBR disk: FAT32 boot (bootable) + Linux root (sfdisk -d)', async () => {
    expect(readFileSync(outFile).subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))).toBe(true);
    expect(statSync(raw).size).toBe(RPI_DISK_MIB * MiB);
    const dump = (await tool('sfdisk', ['-d', raw])).out;
    expect(dump).toMatch(/label: dos/);
    expect(dump).toMatch(/disk\.raw1 : start=\s*8192, size=\s*131072, type=c, bootable/);
    expect(dump).toMatch(/disk\.raw2 : start=\s*139264, size=\s*909312, type=83/);
  });

  it('has a clean ext4 root with the rpi packages, fstab, device nodes and an empty /boot/efi (fsck.ext4 -fn, debugfs)', async () => {
    const p2 = path.join(dir, 'p2.img');
    await execa('dd', [`if=${raw}`, `of=${p2}`, 'bs=1M', 'skip=68', 'conv=sparse', 'status=none']);
    const fsck = await tool('fsck.ext4', ['-fn', p2]);
    expect(fsck.code, fsck.out).toBe(0);
    expect(fsck.out).toMatch(/PHOTON_ROOT: \d+\/\d+ files/);
    const cat = async (f: string): Promise<string> => (await tool('debugfs', ['-R', `cat ${f}`, p2])).out;
    expect(await cat('/etc/fstab')).toContain('LABEL=PHOTON_BOOT /boot/efi vfat');
    expect(await cat('/etc/os-release')).toContain('PRETTY_NAME="VMware Photon OS/Linux"');
    const ls = async (d: string): Promise<string> => (await tool('debugfs', ['-R', `ls -l ${d}`, p2])).out;
    expect(await ls('/usr/bin')).toMatch(/ hello\b/);
    expect(await ls('/usr/lib')).toMatch(/ld-linux-aarch64\.so\.1/);
    expect(await ls('/boot')).toMatch(/vmlinuz-6\.1\.\d+-\d+-arm64/);
    expect(await ls('/boot/efi')).not.toMatch(/u-boot\.bin|start\.elf/);
    expect((await tool('debugfs', ['-R', 'stat /dev/console', p2])).out).toMatch(/Type: character special/);
    rmSync(p2);
  });

  it('has the Pi boot files, config.txt and extlinux.conf on the FAT partition (mdir, mtype)', async () => {
    const img = `${raw}@@${BOOT_OFFSET}`;
    const listing = new Set((await tool('mdir', ['-/', '-b', '-i', img, '::/'])).out.split('\n').map((l) => l.trim()));
    for (const f of ['bootcode.bin', 'start.elf', 'fixup.dat', 'u-boot.bin', 'config.txt', 'bcm2837-rpi-3-b.dtb', 'vmlinuz', 'initrd.img', 'extlinux/extlinux.conf']) {
      expect(listing.has(`::/${f}`), f).toBe(true);
    }
    const config = (await tool('mtype', ['-i', img, '::/config.txt'])).out;
    for (const l of ['arm_64bit=1', 'enable_uart=1', 'kernel=u-boot.bin']) expect(config).toContain(l);
    const ext = (await tool('mtype', ['-i', img, '::/extlinux/extlinux.conf'])).out;
    expect(ext).toContain('kernel /vmlinuz\n');
    expect(ext).toContain('fdt /bcm2837-rpi-3-b.dtb');
    expect(ext).toContain('initrd /initrd.img\n');
    expect(ext).toContain('console=ttyAMA0,115200 root=LABEL=PHOTON_ROOT');
    const p1 = path.join(dir, 'p1.img');
    await execa('dd', [`if=${raw}`, `of=${p1}`, 'bs=1M', 'skip=4', 'count=64', 'status=none']);
    const fsck = await tool('fsck.vfat', ['-n', p1]);
    expect(fsck.code, fsck.out).toBe(0);
    rmSync(p1);
  });

  it('builds byte-identical images from the same inputs', { timeout: 300_000 }, async () => {
    const again = path.join(dir, 'again', path.basename(outFile));
    await buildRpi(eng, { image, name: 'sample', rootfs, initrdRootfs: initrd, outFile: again, logFile: path.join(dir, 'LOGS', 'rpi-again.log'), sourceDateEpoch: EPOCH });
    expect(readFileSync(again).equals(readFileSync(outFile))).toBe(true);
  });

  it('boots under qemu-system-aarch64 -M raspi3b: U-Boot → extlinux → kernel → initrd prints the marker', { timeout: 180_000 }, async () => {
    const fw = path.join(dir, 'fw');
    mkdirSync(fw, { recursive: true });
    const img = `${raw}@@${BOOT_OFFSET}`;
    for (const f of ['u-boot.bin', 'bcm2837-rpi-3-b.dtb']) await execa('mcopy', ['-n', '-i', img, `::/${f}`, path.join(fw, f)]);
    const r = await bootAndWatch({
      binary: 'qemu-system-aarch64',
      args: ['-M', 'raspi3b', '-kernel', path.join(fw, 'u-boot.bin'), '-dtb', path.join(fw, 'bcm2837-rpi-3-b.dtb'),
        '-drive', `file=${raw},format=raw,if=sd,snapshot=on`, '-serial', `file:${path.join(dir, 'uart1.log')}`],
      marker: MARKER,
      timeoutMs: 120_000,
      serialLog: path.join(dir, 'serial.log'),
    });
    console.info(`[measure] rpi raspi3b boot (U-Boot → extlinux): ${r.end} after ${r.elapsedMs} ms`);
    expect(r.end, r.log.slice(-3000)).toBe('marker');
    expect(r.log).toMatch(/PHOTON-BUILD-BOOT-OK VMware Photon OS\/Linux kernel=6\.1\.\d+-\d+-arm64/);
  });
});
