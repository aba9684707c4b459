// Builds Photon's installer ISOs (iso, minimal-iso, rt-iso, basic-iso) and the source ISO
// inside the builder container: RPMS + repodata, kernel, initrd from the installer rootfs,
// isolinux (BIOS) + GRUB EFI (UEFI), isohybrid MBR+GPT — see docker/images/iso.sh. It does
// not pick which RPMs go on the ISO nor build the rootfs tarballs it is given.
import path from 'node:path';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { ContainerEngine, Mount } from '../executor/engine.js';
import { PhotonBuildError } from '../errors.js';
import { checkEpoch, containerName, runImageScript, withTempOutput } from './script-step.js';
import { checkVolumeLabel } from './names.js';
import type { IsoKind } from './names.js';

export interface BuildIsoOptions {
  readonly image: string;
  /** Names this ISO in container names and logs. */
  readonly name: string;
  readonly kind: IsoKind;
  /** Host directory holding every file of rpmFiles (mounted read-only at /repo). */
  readonly repoDir: string;
  /** Host paths of the RPMs (SRPMs for src-iso) to put on the ISO; all under repoDir. */
  readonly rpmFiles: readonly string[];
  /** .tar from buildRootfs of packages_installer_initrd.json (has /init). Not for src-iso. */
  readonly initrdRootfs?: string;
  /** .tar rootfs with /boot/vmlinuz-*. Not for src-iso. */
  readonly kernelFrom?: string;
  readonly releaseVersion: string;
  readonly buildNumber: string;
  readonly arch: string;
  readonly outFile: string;
  /** ISO volume id, e.g. PHOTON_5.0 (see defaultVolumeLabel). */
  readonly volumeLabel: string;
  readonly sourceDateEpoch: number;
  readonly logFile: string;
  readonly signal?: AbortSignal;
}

export interface IsoResult {
  readonly outFile: string;
  readonly durationMs: number;
}

export async function buildIso(engine: ContainerEngine, opts: BuildIsoOptions): Promise<IsoResult> {
  const epoch = checkEpoch(opts.sourceDateEpoch);
  const volid = checkVolumeLabel(opts.volumeLabel);
  if (opts.arch !== 'x86_64') {
    throw new PhotonBuildError('input', `${opts.kind} for ${opts.arch}: only x86_64 ISOs (isolinux + x86_64-efi) are implemented`);
  }
  const repoDir = path.resolve(opts.repoDir);
  const inRepo = opts.rpmFiles.map((f) => {
    const rel = path.relative(repoDir, path.resolve(f));
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new PhotonBuildError('input', `${f} is not under the repo directory ${repoDir}`);
    if (!existsSync(f)) throw new PhotonBuildError('input', `RPM not found: ${f}`);
    return `/repo/${rel.split(path.sep).join('/')}`;
  });
  if (inRepo.length === 0) throw new PhotonBuildError('input', `${opts.kind}: no RPMs to put on the ISO`);
  const bootable = opts.kind !== 'src-iso';
  const mounts: Mount[] = [{ source: repoDir, target: '/repo', readOnly: true }];
  if (bootable) {
    for (const [key, file, target] of [
      ['initrdRootfs', opts.initrdRootfs, '/in/initrd.tar'],
      ['kernelFrom', opts.kernelFrom, '/in/kernel.tar'],
    ] as const) {
      if (!file || !existsSync(file)) throw new PhotonBuildError('input', `${opts.kind}: ${key} ${file ?? '(not given)'} does not exist`);
      mounts.push({ source: path.resolve(file), target, readOnly: true });
    }
  }
  const meta = mkdtempSync(path.join(os.tmpdir(), 'photon-build-iso-'));
  try {
    writeFileSync(path.join(meta, 'rpms.list'), [...new Set(inRepo)].sort().join('\n') + '\n');
    mounts.push({ source: meta, target: '/in/meta', readOnly: true });
    return await withTempOutput(opts.outFile, async (tmp) => {
      const { durationMs } = await runImageScript({
        engine,
        image: opts.image,
        name: containerName('iso', opts.name),
        script: 'iso.sh',
        mounts: [...mounts, { source: tmp.dir, target: '/out' }],
        env: {
          ARCH: opts.arch,
          BOOTABLE: bootable ? '1' : '0',
          RPM_LIST: '/in/meta/rpms.list',
          RPMS_DIR: opts.kind === 'src-iso' ? 'SRPMS' : 'RPMS',
          VOLID: volid,
          TITLE: `VMware Photon OS ${opts.releaseVersion}`,
          OUT: tmp.containerPath,
          SOURCE_DATE_EPOCH: epoch,
        },
        logFile: opts.logFile,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      return { outFile: path.resolve(opts.outFile), durationMs };
    });
  } finally {
    rmSync(meta, { recursive: true, force: true });
  }
}
