import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildRootfs } from '../../../src/images/rootfs.js';
import { buildOva } from '../../../src/images/ova.js';
import { buildAmi } from '../../../src/images/ami.js';
import { buildGce } from '../../../src/images/gce.js';
import { buildAzure } from '../../../src/images/azure.js';
import { diskImageFileName } from '../../../src/images/names.js';
import type { DiskImageKind } from '../../../src/images/names.js';
import type { DiskImageOptions } from '../../../src/images/disk.js';
import { bootAndWatch, ovmfArgs } from '../../helpers/qemu.js';
import { EPOCH, INITRD_PACKAGES, MINIMAL_PACKAGES, buildSampleRpms, builderImage, engine, scratch, tool } from './fixture.js';

const sha256 = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const MARKER = 'PHOTON-BUILD-BOOT-OK VMware Photon OS/Linux kernel=';
const ID = { releaseVersion: '5.0', buildNumber: 'abc1234', arch: 'x86_64' };
const SIZE_MIB = 256;

describe('disk images: ova, ova_uefi, ami, gce, azure (GPT, ESP + ext4 root, no loop devices)', () => {
  let image = '';
  let work: string;
  const out: Partial<Record<DiskImageKind, string>> = {};
  const ms: Record<string, number> = {};

  const opts = (kind: DiskImageKind, outFile?: string): DiskImageOptions => ({
    image, name: kind, rootfs: path.join(work, 'rootfs', 'minimal.tar'), initrdRootfs: path.join(work, 'rootfs', 'initrd.tar'),
    diskSizeMiB: SIZE_MIB, arch: 'x86_64', outFile: outFile ?? path.join(work, 'stage', kind, diskImageFileName(kind, ID)),
    logFile: path.join(work, 'LOGS', `${kind}.log`), sourceDateEpoch: EPOCH,
  });

  beforeAll(async () => {
    image = await builderImage();
    work = scratch('disks');
    await buildSampleRpms(work);
    const common = { image, repoDir: work, arch: 'x86_64', sourceDateEpoch: EPOCH };
    await buildRootfs(engine(), { ...common, name: 'installer-initrd', packages: INITRD_PACKAGES, outFile: path.join(work, 'rootfs', 'initrd.tar'), logFile: path.join(work, 'LOGS', 'rootfs-initrd.log') });
    await buildRootfs(engine(), { ...common, name: 'minimal', packages: MINIMAL_PACKAGES, outFile: path.join(work, 'rootfs', 'minimal.tar'), logFile: path.join(work, 'LOGS', 'rootfs-minimal.log') });
    const builders: Record<DiskImageKind, (o: DiskImageOptions) => Promise<{ outFile: string }>> = {
      ova: (o) => buildOva(engine(), { ...o, variant: 'ova' }),
      ova_uefi: (o) => buildOva(engine(), { ...o, variant: 'ova_uefi' }),
      ami: (o) => buildAmi(engine(), o),
      gce: (o) => buildGce(engine(), o),
      azure: (o) => buildAzure(engine(), o),
    };
    for (const kind of Object.keys(builders) as DiskImageKind[]) {
      const t0 = performance.now();
      out[kind] = (await builders[kind](opts(kind))).outFile;
      ms[kind] = Math.round(performance.now() - t0);
    }
    for (const [k, f] of Object.entries(out)) console.log(`${k}: ${path.basename(f)} ${statSync(f).size} bytes, built in ${ms[k]} ms`);
  });
  afterAll(() => {
    if (work && !process.env['PB_TEST_KEEP']) rmSync(work, { recursive: true, force: true });
  });

  /** Extracts an OVA into a fresh dir and returns it. */
  async function extract(archive: string, dir: string, gz = false): Promise<string> {
    mkdirSync(dir, { recursive: true });
    const r = await tool('tar', [gz ? '-xzSf' : '-xSf', archive, '-C', dir]);
    expect(r.code).toBe(0);
    return dir;
  }

  /** Partition table, ESP listing and ext4 fsck of a raw disk image. */
  async function checkRawDisk(raw: string): Promise<void> {
    const sf = await tool('sfdisk', ['-d', raw]);
    expect(sf.out).toContain('label: gpt');
    expect(sf.out).toMatch(/type=21686148-6449-6E6F-744E-656564454649.*name="BIOS"/);
    expect(sf.out).toMatch(/start=\s*4096, size=\s*131072, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B/);
    const root = /start=\s*(\d+), size=\s*(\d+), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4/.exec(sf.out);
    expect(root).not.toBeNull();
    const esp = await tool('mdir', ['-/', '-i', `${raw}@@${4096 * 512}`, '::/EFI/BOOT']);
    expect(esp.out).toMatch(/BOOTX64\s+EFI/);
    const p3 = `${raw}.p3`;
    await tool('dd', [`if=${raw}`, `of=${p3}`, 'bs=512', `skip=${root?.[1]}`, `count=${root?.[2]}`, 'conv=sparse', 'status=none']);
    const fsck = await tool('fsck.ext4', ['-fn', p3]);
    expect(fsck.code).toBe(0);
    expect(fsck.out).toMatch(/PHOTON_ROOT: \d+\/\d+ files/);
    const ls = await tool('debugfs', ['-R', 'ls -p /usr/bin', p3]);
    expect(ls.out).toContain('/hello/');
    rmSync(p3);
  }

  it('ova: OVF first, then .mf, then the stream-optimized VMDK; manifest verifies; hwversion 11, BIOS', async () => {
    const list = await tool('tar', ['-tvf', out.ova!]);
    const names = list.out.trim().split('\n').map((l) => l.split(/\s+/).pop());
    const base = 'photon-ova-5.0-abc1234.x86_64';
    expect(names).toEqual([`${base}.ovf`, `${base}.mf`, `${base}-disk1.vmdk`]);
    const dir = await extract(out.ova!, path.join(work, 'x-ova'));
    const mf = readFileSync(path.join(dir, `${base}.mf`), 'utf8');
    for (const f of [`${base}.ovf`, `${base}-disk1.vmdk`]) expect(mf).toContain(`SHA256(${f})= ${sha256(path.join(dir, f))}`);
    const ovf = readFileSync(path.join(dir, `${base}.ovf`), 'utf8');
    expect((await tool('python3', ['-c', 'import sys,xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])', path.join(dir, `${base}.ovf`)])).code).toBe(0);
    expect(ovf).toContain('<vssd:VirtualSystemType>vmx-11</vssd:VirtualSystemType>');
    expect(ovf).not.toContain('vmw:value="efi"');
    expect(ovf).toContain(`ovf:size="${statSync(path.join(dir, `${base}-disk1.vmdk`)).size}"`);
    const vmdk = path.join(dir, `${base}-disk1.vmdk`);
    const info = await tool('qemu-img', ['info', vmdk]);
    expect(info.out).toContain('create type: streamOptimized');
    expect(info.out).toContain('compressed: true');
    expect(info.out).toMatch(/virtual size: 256 MiB/);
    expect((await tool('qemu-img', ['check', vmdk])).code).toBe(0);
    const descriptor = readFileSync(vmdk).subarray(0, 4096).toString('latin1');
    expect(descriptor).toContain('ddb.virtualHWVersion = "11"');
    expect(descriptor).toMatch(/\nCID=[0-9a-f]{1,8}\nparentCID=ffffffff\n/); // a standalone disk, no parent
    const raw = path.join(work, 'x-ova', 'disk.raw');
    expect((await tool('qemu-img', ['convert', '-O', 'raw', vmdk, raw])).code).toBe(0);
    await checkRawDisk(raw);
    const r = await bootAndWatch({ args: ['-m', '1024', '-drive', `file=${vmdk},format=vmdk,if=virtio,snapshot=on`], marker: MARKER, timeoutMs: 120_000, serialLog: path.join(work, 'boot-ova-bios.log') });
    console.log(`ova vmdk BIOS boot: marker after ${r.elapsedMs} ms`);
    expect(r.found).toBe(true);
  }, 180_000);

  it('ova_uefi: hwversion 13 + firmware=efi, and its VMDK boots under OVMF to the marker', async () => {
    const dir = await extract(out.ova_uefi!, path.join(work, 'x-ova-uefi'));
    const base = 'photon-ova_uefi-5.0-abc1234.x86_64';
    const ovf = readFileSync(path.join(dir, `${base}.ovf`), 'utf8');
    expect(ovf).toContain('<vssd:VirtualSystemType>vmx-13</vssd:VirtualSystemType>');
    expect(ovf).toContain('vmw:key="firmware" vmw:value="efi"');
    const vmdk = path.join(dir, `${base}-disk1.vmdk`);
    expect(readFileSync(vmdk).subarray(0, 4096).toString('latin1')).toContain('ddb.virtualHWVersion = "13"');
    const r = await bootAndWatch({ args: ['-m', '1024', ...ovmfArgs(work), '-drive', `file=${vmdk},format=vmdk,if=virtio,snapshot=on`], marker: MARKER, timeoutMs: 150_000, serialLog: path.join(work, 'boot-ova-uefi.log') });
    console.log(`ova_uefi vmdk UEFI boot: marker after ${r.elapsedMs} ms`);
    expect(r.log).not.toContain('Booting from Hard Disk');
    expect(r.found).toBe(true);
  }, 180_000);

  it('ova_uefi is byte-reproducible', async () => {
    const again = path.join(work, 'again', diskImageFileName('ova_uefi', ID));
    await buildOva(engine(), { ...opts('ova_uefi', again), variant: 'ova_uefi' });
    expect(sha256(again)).toBe(sha256(out.ova_uefi!));
  }, 120_000);

  it('ami: <name>.raw in a gzipped tar, a valid dual-boot disk', async () => {
    const list = await tool('tar', ['-tzvf', out.ami!]);
    expect(list.out.trim().split('\n')).toHaveLength(1);
    expect(list.out).toContain('photon-ami-5.0-abc1234.x86_64.raw');
    const dir = await extract(out.ami!, path.join(work, 'x-ami'), true);
    const raw = path.join(dir, 'photon-ami-5.0-abc1234.x86_64.raw');
    expect(statSync(raw).size).toBe(SIZE_MIB * 1024 * 1024);
    await checkRawDisk(raw);
  }, 60_000);

  it('gce: disk.raw alone in an old-GNU sparse tar.gz', async () => {
    const list = await tool('tar', ['-tzvf', out.gce!]);
    expect(list.out.trim().split('\n').map((l) => l.split(/\s+/).pop())).toEqual(['disk.raw']);
    // GNU/oldgnu magic "ustar  \0" (POSIX ustar would be "ustar\0" + "00")
    const header = await tool('sh', ['-c', `gzip -dc ${out.gce!} | head -c 512 | od -An -tx1 -j 257 -N 8`]);
    expect(header.out.trim()).toBe('75 73 74 61 72 20 20 00');
    const dir = await extract(out.gce!, path.join(work, 'x-gce'), true);
    expect(statSync(path.join(dir, 'disk.raw')).size).toBe(SIZE_MIB * 1024 * 1024);
    await checkRawDisk(path.join(dir, 'disk.raw'));
  }, 60_000);

  it('azure: a fixed VHD sized to whole MiB in a tar.gz, with a valid footer; byte-reproducible', async () => {
    const dir = await extract(out.azure!, path.join(work, 'x-azure'), true);
    const vhd = path.join(dir, 'photon-azure-5.0-abc1234.x86_64.vhd');
    const info = await tool('qemu-img', ['info', '-f', 'vpc', '--output=json', vhd]);
    const parsed = JSON.parse(info.out) as { 'virtual-size': number; format: string };
    expect(parsed.format).toBe('vpc');
    expect(parsed['virtual-size'] % (1024 * 1024)).toBe(0);
    expect(statSync(vhd).size).toBe(parsed['virtual-size'] + 512);
    const footer = Buffer.alloc(512);
    const fd = openSync(vhd, 'r');
    readSync(fd, footer, 0, 512, statSync(vhd).size - 512);
    closeSync(fd);
    expect(footer.subarray(0, 8).toString('latin1')).toBe('conectix');
    expect(footer.readUInt32BE(60)).toBe(2); // disk type: fixed
    let sum = 0;
    for (let i = 0; i < 512; i++) if (i < 64 || i >= 68) sum += footer[i] ?? 0;
    expect(footer.readUInt32BE(64)).toBe(~sum >>> 0);
    expect(footer.readUInt32BE(24)).toBe(EPOCH - 946684800);
    const again = path.join(work, 'again', diskImageFileName('azure', ID));
    await buildAzure(engine(), opts('azure', again));
    expect(sha256(again)).toBe(sha256(out.azure!));
  }, 120_000);
});
