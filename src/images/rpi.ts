// The rpi image (alias rpi3): Photon's Raspberry Pi SD-card image for aarch64, an MBR raw
// disk with a FAT32 /boot/efi partition (the rootfs' /boot/efi — Pi firmware, U-Boot —
// plus config.txt, device trees, kernel, optional initrd and extlinux/extlinux.conf for
// U-Boot) and an ext4 root, xz-compressed as photon-rpi-<rel>-<build>.aarch64.xz. The work
// happens in docker/images/rpi.sh inside the builder container (no aarch64 code runs);
// this module validates inputs and names the artifact. It does not build the rootfs
// (buildRootfs of packages_rpi.json for aarch64 does) nor boot it.
import path from 'node:path';
import type { ContainerEngine } from '../executor/engine.js';
import { PhotonBuildError } from '../errors.js';
import { runDiskScript } from './disk.js';
import type { DiskImageOptions } from './disk.js';
import type { ReleaseId } from './names.js';
import { withTempOutput } from './script-step.js';

/** 512 MiB: Photon's rpi_ks.yaml asks 768 MB, but QEMU's raspi3b needs a power-of-two SD card. */
export const RPI_DISK_MIB = 512;
/** The only arch Photon builds the rpi image for (poi asserts it). */
export const RPI_ARCH = 'aarch64';

/**
 * rootfs: .tar from buildRootfs of packages_rpi.json for aarch64 (packages +
 * packages_aarch64) with /boot/vmlinuz-*, bcm2837-rpi-3-b.dtb under /boot and
 * /boot/efi/{bootcode.bin,start.elf,fixup.dat,u-boot.bin}; /boot/efi becomes the FAT.
 * initrdRootfs: optional .tar (packages_installer_initrd.json) packed as the initrd.
 */
export interface BuildRpiOptions extends Omit<DiskImageOptions, 'diskSizeMiB' | 'arch'> {
  /** Default RPI_DISK_MIB; a power of two, at least 256. */
  readonly diskSizeMiB?: number;
  /** Must be aarch64 when given (the run layer passes the plan's arch). */
  readonly arch?: string;
  /** xz preset 0-9; Photon runs plain `xz -c` (6). Lower is much faster on mostly-empty disks. */
  readonly xzPreset?: number;
}
/** The earlier name of BuildRpiOptions. */
export type RpiOptions = BuildRpiOptions;

export interface RpiResult {
  readonly outFile: string;
  readonly durationMs: number;
}

const PART_RE = /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/;

/** photon-rpi-<rel>-<build>.aarch64.xz, as poi writes it (into stage/rpi/ there). */
export function rpiFileName(id: ReleaseId): string {
  for (const [key, value] of Object.entries(id)) {
    if (!PART_RE.test(value)) throw new PhotonBuildError('input', `${key} "${value}" cannot be part of a file name`);
  }
  if (id.arch !== RPI_ARCH) throw new PhotonBuildError('input', `the rpi image is built for ${RPI_ARCH} only, not ${id.arch}`);
  return `photon-rpi-${id.releaseVersion}-${id.buildNumber}.${id.arch}.xz`;
}

export async function buildRpi(engine: ContainerEngine, opts: BuildRpiOptions): Promise<RpiResult> {
  const diskSizeMiB = opts.diskSizeMiB ?? RPI_DISK_MIB;
  if (!Number.isSafeInteger(diskSizeMiB) || diskSizeMiB < 256 || (diskSizeMiB & (diskSizeMiB - 1)) !== 0) {
    throw new PhotonBuildError('input', `rpi: diskSizeMiB must be a power of two ≥ 256 (QEMU raspi3b SD cards), got ${diskSizeMiB}`);
  }
  const arch = opts.arch ?? RPI_ARCH;
  if (arch !== RPI_ARCH) throw new PhotonBuildError('input', `rpi ${opts.name}: the rpi image is built for ${RPI_ARCH} only, not ${arch}`);
  const preset = opts.xzPreset ?? 6;
  if (!Number.isInteger(preset) || preset < 0 || preset > 9) throw new PhotonBuildError('input', `rpi: xzPreset must be 0-9, got ${preset}`);
  return withTempOutput(opts.outFile, async (tmp) => {
    const r = await runDiskScript(engine, { ...opts, diskSizeMiB, arch }, {
      kind: 'rpi', script: 'rpi.sh', arch: RPI_ARCH, outDir: tmp.dir, env: { OUT: tmp.containerPath, XZ_PRESET: String(preset) },
    });
    return { outFile: path.resolve(opts.outFile), durationMs: r.durationMs };
  });
}
