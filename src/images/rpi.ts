// The rpi artifact (photon-rpi-<rel>-<build>.aarch64.xz): an MBR disk with a FAT32
// /boot/efi partition (the rootfs' /boot/efi — RPi firmware, U-Boot, device trees,
// config.txt — plus kernel, optional initrd and extlinux.conf for U-Boot's distro boot) and
// an ext4 root, xz-compressed; see docker/images/rpi.sh. It runs no aarch64 code, so the
// aarch64 rootfs must come from elsewhere (the sample tree builds x86_64 RPMs only).
import path from 'node:path';
import type { ContainerEngine } from '../executor/engine.js';
import { PhotonBuildError } from '../errors.js';
import { runDiskScript } from './disk.js';
import type { DiskImageOptions } from './disk.js';
import { withTempOutput } from './script-step.js';

export interface RpiOptions extends DiskImageOptions {
  /** xz preset 0-9; Photon runs plain `xz -c` (6). Lower is much faster on mostly-empty disks. */
  readonly xzPreset?: number;
}

export async function buildRpi(engine: ContainerEngine, opts: RpiOptions): Promise<{ readonly outFile: string; readonly durationMs: number }> {
  const preset = opts.xzPreset ?? 6;
  if (!Number.isInteger(preset) || preset < 0 || preset > 9) throw new PhotonBuildError('input', `rpi: xzPreset must be 0-9, got ${preset}`);
  return withTempOutput(opts.outFile, async (tmp) => {
    const r = await runDiskScript(engine, opts, { kind: 'rpi', script: 'rpi.sh', arch: 'aarch64', outDir: tmp.dir, env: { OUT: tmp.containerPath, XZ_PRESET: String(preset) } });
    return { outFile: path.resolve(opts.outFile), durationMs: r.durationMs };
  });
}
