// The shared rootfs stage of every image: installs exactly the given RPM names (their
// install closure is the caller's job) into an empty root with `rpm --root` inside the
// builder container and writes a reproducible tar (sorted, numeric owners, mtimes clamped
// to SOURCE_DATE_EPOCH). It does not resolve dependencies or pick package lists.
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { ContainerEngine } from '../executor/engine.js';
import { PhotonBuildError } from '../errors.js';
import { checkEpoch, containerName, runImageScript, withTempOutput } from './script-step.js';

export interface BuildRootfsOptions {
  /** Builder image tag or ID. */
  readonly image: string;
  /** Names this rootfs in container names and logs (e.g. "minimal", "installer-initrd"). */
  readonly name: string;
  /** Host directory with RPMS/<arch>/*.rpm and RPMS/noarch/*.rpm. */
  readonly repoDir: string;
  /** Subpackage names; the install closure, already resolved. */
  readonly packages: readonly string[];
  readonly arch: string;
  /** The .tar to write (renamed into place on success only). */
  readonly outFile: string;
  readonly logFile: string;
  readonly sourceDateEpoch: number;
  readonly signal?: AbortSignal;
}

export interface RootfsResult {
  readonly outFile: string;
  readonly durationMs: number;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export async function buildRootfs(engine: ContainerEngine, opts: BuildRootfsOptions): Promise<RootfsResult> {
  const epoch = checkEpoch(opts.sourceDateEpoch);
  if (opts.packages.length === 0) throw new PhotonBuildError('input', `rootfs ${opts.name}: the package list is empty`);
  const bad = opts.packages.filter((p) => !NAME_RE.test(p));
  if (bad.length > 0) throw new PhotonBuildError('input', `rootfs ${opts.name}: not package names: ${bad.join(', ')}`);
  const repoDir = path.resolve(opts.repoDir);
  if (!existsSync(path.join(repoDir, 'RPMS'))) {
    throw new PhotonBuildError('input', `rootfs ${opts.name}: ${repoDir} has no RPMS directory`);
  }
  const packages = [...new Set(opts.packages)].sort();
  return withTempOutput(opts.outFile, async (tmp) => {
    const { durationMs } = await runImageScript({
      engine,
      image: opts.image,
      name: containerName('rootfs', opts.name),
      script: 'rootfs.sh',
      mounts: [
        { source: repoDir, target: '/repo', readOnly: true },
        { source: tmp.dir, target: '/out' },
      ],
      env: { ARCH: opts.arch, PACKAGES: packages.join(' '), OUT: tmp.containerPath, SOURCE_DATE_EPOCH: epoch },
      logFile: opts.logFile,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { outFile: path.resolve(opts.outFile), durationMs };
  });
}
