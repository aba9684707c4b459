import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRpi } from '../../../src/images/rpi.js';
import { diskImageFileName } from '../../../src/images/names.js';
import type { RpiOptions } from '../../../src/images/rpi.js';
import { bootAndWatch } from '../../helpers/qemu.js';
import { EPOCH, builderImage, engine, scratch, tool } from './fixture.js';

const sha256 = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/images');
const SIZE_MIB = 512; // QEMU's raspi3b wants a power-of-two SD card (Photon's is 768 MiB)
const BOOT_OFFSET = 8192 * 512;

/**
 * The aarch64 inputs (Debian arm64 firmware, U-Boot, kernel, busybox) fetched once from the
 * Debian mirror by rpi-inputs.sh in the builder; the sample tree has no aarch64 RPMs.
 */
async function rpiInputs(image: string): Promise<string> {
  const script = path.join(FIXTURES, 'rpi-inputs.sh');
  const dir = path.join(os.tmpdir(), `pb-test-images-rpi-inputs-${sha256(script).slice(0, 12)}`);
  if (existsSync(path.join(dir, 'initrd.tar'))) return dir;
  mkdirSync(dir, { recursive: true });
  const r = await engine().run({
    name: `pb-test-images-rpi-inputs-${process.pid}`, image, command: ['bash', '/fixtures/rpi-inputs.sh'], network: 'bridge',
    mounts: [{ source: FIXTURES, target: '/fixtures', readOnly: true }, { source: dir, target: '/out' }],
    logFile: path.join(dir, 'inputs.log'),
  });
  if (!r.ok) throw new Error(`rpi inputs failed, see ${path.join(dir, 'inputs.log')}`);
  return dir;
}

describe('rpi (MBR: FAT32 /boot/efi with firmware + U-Boot + extlinux, ext4 root, xz)', () => {
  let image = '';
  let work: string;
  let out: string;
  let raw: string;
  let opts: RpiOptions;

  beforeAll(async () => {
    image = await builderImage();
    work = scratch('rpi');
    const inputs = await rpiInputs(image);
    out = path.join(work, 'stage', diskImageFileName('rpi', { releaseVersion: '5.0', buildNumber: 'abc1234', arch: 'aarch64' }));
    opts = {
      image, name: 'rpi', rootfs: path.join(inputs, 'rootfs.tar'), initrdRootfs: path.join(inputs, 'initrd.tar'), diskSizeMiB: SIZE_MIB,
      arch: 'aarch64', outFile: out, logFile: path.join(work, 'LOGS', 'rpi.log'), sourceDateEpoch: EPOCH, xzPreset: 1,
    };
    const t0 = performance.now();
    await buildRpi(engine(), opts);
    console.log(`rpi: ${path.basename(out)} ${readFileSync(out).length} bytes, built in ${Math.round(performance.now() - t0)} ms`);
    raw = path.join(work, 'sd.img');
    expect((await tool('sh', ['-c', `xz -dc '${out}' > '${raw}'`])).code).toBe(0);
  }, 600_000);
  afterAll(() => {
    if (work && !process.env['PB_TEST_KEEP']) rmSync(work, { recursive: true, force: true });
  });

  it('is named photon-rpi-<rel>-<build>.aarch64.xz and has an MBR with a bootable FAT32 and a Linux partition', async () => {
    expect(path.basename(out)).toBe('photon-rpi-5.0-abc1234.aarch64.xz');
    const sf = await tool('sfdisk', ['-d', raw]);
    expect(sf.out).toContain('label: dos');
    expect(sf.out).toMatch(/start=\s*8192, size=\s*131072, type=c, bootable/);
    expect(sf.out).toMatch(/start=\s*139264, size=\s*\d+, type=83/);
  });

  it('holds the firmware, U-Boot, kernel, initrd and extlinux.conf on the FAT; ext4 root passes fsck', async () => {
    const dir = await tool('mdir', ['-/', '-b', '-i', `${raw}@@${BOOT_OFFSET}`, '::/']);
    for (const f of ['bootcode.bin', 'start.elf', 'fixup.dat', 'config.txt', 'u-boot.bin', 'bcm2837-rpi-3-b.dtb', 'vmlinuz', 'initrd.img', 'extlinux/extlinux.conf']) {
      expect(dir.out).toContain(`::/${f}`);
    }
    const conf = await tool('mtype', ['-i', `${raw}@@${BOOT_OFFSET}`, '::/extlinux/extlinux.conf']);
    expect(conf.out).toMatch(/fdt \/bcm2837-rpi-3-b\.dtb/);
    expect(conf.out).toMatch(/console=ttyAMA0,115200 root=LABEL=PHOTON_ROOT/);
    const p2 = path.join(work, 'p2.img');
    await tool('dd', [`if=${raw}`, `of=${p2}`, 'bs=512', 'skip=139264', 'conv=sparse', 'status=none']);
    const fsck = await tool('fsck.ext4', ['-fn', p2]);
    expect(fsck.code).toBe(0);
    expect((await tool('debugfs', ['-R', 'cat /etc/fstab', p2])).out).toContain('LABEL=PHOTON_BOOT /boot/efi vfat');
    expect((await tool('debugfs', ['-R', 'ls -p /boot/efi', p2])).out).not.toContain('u-boot.bin');
  });

  it('is byte-reproducible', async () => {
    const again = path.join(work, 'again', path.basename(out));
    await buildRpi(engine(), { ...opts, outFile: again, logFile: path.join(work, 'LOGS', 'rpi-again.log') });
    expect(sha256(again)).toBe(sha256(out));
  }, 120_000);

  it('boots in QEMU raspi3b: U-Boot from the image reads extlinux.conf, kernel and initrd from the FAT', async () => {
    const fw = path.join(work, 'fw');
    mkdirSync(fw);
    await tool('mcopy', ['-i', `${raw}@@${BOOT_OFFSET}`, '::/u-boot.bin', '::/bcm2837-rpi-3-b.dtb', fw]);
    const sd = path.join(work, 'sd-boot.img');
    copyFileSync(raw, sd);
    const r = await bootAndWatch({
      binary: 'qemu-system-aarch64',
      args: ['-M', 'raspi3b', '-kernel', path.join(fw, 'u-boot.bin'), '-dtb', path.join(fw, 'bcm2837-rpi-3-b.dtb'), '-drive', `file=${sd},format=raw,if=sd`],
      marker: 'PHOTON-BUILD-BOOT-OK VMware Photon OS/Linux kernel=', timeoutMs: 180_000, serialLog: path.join(work, 'boot-rpi.log'),
    });
    console.log(`rpi raspi3b boot: marker after ${r.elapsedMs} ms`);
    expect(r.log).toContain('arch=aarch64');
    expect(r.found).toBe(true);
  }, 240_000);
});
