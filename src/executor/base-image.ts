// Bootstraps the builder's base image offline: debootstrap from the host's Debian
// mirror into a scratch dir, tar it, and import it into the engine. Runs only when the
// base tag is missing; it does not build the builder image itself (builder-image.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PhotonBuildError } from '../errors.js';
import type { ContainerEngine } from './engine.js';
import { readDebianMirror } from './debian-mirror.js';

export const BASE_SUITE = 'bookworm';

export interface BootstrapOptions {
  readonly tag: string;
  readonly logFile: string;
  /** debootstrap to use; default: the first of /usr/sbin, /usr/bin, /sbin that exists. */
  readonly debootstrap?: string;
  readonly onProgress?: (message: string) => void;
  readonly signal?: AbortSignal;
}

function findDebootstrap(): string | undefined {
  return ['/usr/sbin/debootstrap', '/usr/bin/debootstrap', '/sbin/debootstrap'].find((p) => existsSync(p));
}

export async function bootstrapBaseImage(engine: ContainerEngine, o: BootstrapOptions): Promise<void> {
  const debootstrap = o.debootstrap ?? findDebootstrap();
  if (!debootstrap || !existsSync(debootstrap)) {
    throw new PhotonBuildError('environment', `base image ${o.tag} is missing and debootstrap is not installed: apt-get install debootstrap (or load ${o.tag} into ${engine.name})`);
  }
  if (process.getuid?.() !== 0) {
    throw new PhotonBuildError('environment', `base image ${o.tag} is missing and bootstrapping it with debootstrap needs root: run as root once, or load ${o.tag} into ${engine.name}`);
  }
  const mirror = await readDebianMirror();
  if (!mirror) {
    throw new PhotonBuildError('environment', `base image ${o.tag} is missing and no Debian mirror is configured in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list`);
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'photon-build-base-'));
  const rootfs = path.join(scratch, 'rootfs');
  const tarball = path.join(scratch, 'rootfs.tar');
  const sink = { file: o.logFile, append: true } as const;
  try {
    o.onProgress?.(`debootstrap --variant=minbase ${BASE_SUITE} from ${mirror}`);
    const boot = await execa(debootstrap, ['--variant=minbase', BASE_SUITE, rootfs, mirror], { stdout: sink, stderr: sink, reject: false, cancelSignal: o.signal });
    if (o.signal?.aborted) throw new PhotonBuildError('aborted', 'interrupted while bootstrapping the base image');
    if (boot.exitCode !== 0) {
      throw new PhotonBuildError('environment', `debootstrap of ${BASE_SUITE} from ${mirror} failed (exit ${boot.exitCode}); see ${o.logFile}`);
    }
    o.onProgress?.(`importing ${o.tag}`);
    // Numeric owners and a fixed order keep the import independent of the host's users.
    const tar = await execa('tar', ['-C', rootfs, '--numeric-owner', '--sort=name', '-cf', tarball, '.'], { stdout: sink, stderr: sink, reject: false, cancelSignal: o.signal });
    if (tar.exitCode !== 0) throw new PhotonBuildError('environment', `tar of the bootstrapped rootfs failed; see ${o.logFile}`);
    const imported = await engine.importImage({ tarball, tag: o.tag, logFile: o.logFile, signal: o.signal });
    if (!imported.ok) {
      if (imported.reason === 'aborted') throw new PhotonBuildError('aborted', 'interrupted while importing the base image');
      throw new PhotonBuildError('environment', `${engine.name} import of ${o.tag} failed (exit ${imported.exitCode}); see ${o.logFile}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
