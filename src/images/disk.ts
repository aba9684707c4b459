// Shared options and runner for the disk-image formats (ova, ami, gce, azure, rpi): the x86
// ones start from the same dual-boot GPT raw disk built by docker/images/lib-disk.sh from a
// rootfs tar; rpi lays out its own MBR disk. This module validates inputs and mounts them;
// format specifics live in ova.ts / ami.ts / gce.ts / azure.ts / rpi.ts and their scripts.
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { ContainerEngine, Mount } from '../executor/engine.js';
import { PhotonBuildError } from '../errors.js';
import { checkEpoch, containerName, runImageScript } from './script-step.js';

/** Photon's disk sizes (support/poi/configs/<img>/<img>_ks.yaml), in MiB. */
export const PHOTON_DISK_MIB = { ova: 16384, ova_uefi: 16384, ami: 8192, gce: 16384, azure: 16384, rpi: 768 } as const;

export interface DiskImageOptions {
  readonly image: string;
  /** Names the image in container names, logs and the derived GUIDs/UUIDs. */
  readonly name: string;
  /** .tar from buildRootfs of the image's package list; must hold /boot/vmlinuz-*. */
  readonly rootfs: string;
  /**
   * Optional .tar rootfs packed as /boot/initrd.img-<kver> and loaded by GRUB. The sample
   * kernel package ships no modules, so mounting the ext4 root needs an initramfs.
   */
  readonly initrdRootfs?: string;
  /** Disk size in MiB (sparse); Photon's sizes are in PHOTON_DISK_MIB. */
  readonly diskSizeMiB: number;
  readonly arch: string;
  readonly outFile: string;
  readonly logFile: string;
  readonly sourceDateEpoch: number;
  readonly signal?: AbortSignal;
}

export async function runDiskScript(
  engine: ContainerEngine,
  opts: DiskImageOptions,
  step: {
    readonly kind: string;
    readonly script: string;
    readonly outDir: string;
    readonly env: Readonly<Record<string, string>>;
    /** The one architecture the format's boot chain supports (default x86_64: GRUB i386-pc + x86_64-efi). */
    readonly arch?: string;
  },
): Promise<{ readonly durationMs: number }> {
  const epoch = checkEpoch(opts.sourceDateEpoch);
  const arch = step.arch ?? 'x86_64';
  if (opts.arch !== arch) throw new PhotonBuildError('input', `${step.kind} for ${opts.arch}: only ${arch} is implemented`);
  if (!Number.isSafeInteger(opts.diskSizeMiB) || opts.diskSizeMiB < 192) {
    throw new PhotonBuildError('input', `${step.kind}: diskSizeMiB must be an integer ≥ 192, got ${opts.diskSizeMiB}`);
  }
  const mounts: Mount[] = [{ source: step.outDir, target: '/out' }];
  const env: Record<string, string> = { ...step.env, ROOTFS: '/in/rootfs.tar', DISK_MIB: String(opts.diskSizeMiB), NAME: opts.name, SOURCE_DATE_EPOCH: epoch };
  for (const [key, file, target] of [
    ['rootfs', opts.rootfs, '/in/rootfs.tar'],
    ['initrdRootfs', opts.initrdRootfs, '/in/initrd.tar'],
  ] as const) {
    if (file === undefined) continue;
    if (!existsSync(file)) throw new PhotonBuildError('input', `${step.kind}: ${key} ${file} does not exist`);
    mounts.push({ source: path.resolve(file), target, readOnly: true });
  }
  if (opts.initrdRootfs !== undefined) env['INITRD_ROOTFS'] = '/in/initrd.tar';
  return runImageScript({
    engine,
    image: opts.image,
    name: containerName(step.kind, opts.name),
    script: step.script,
    mounts,
    env,
    logFile: opts.logFile,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
