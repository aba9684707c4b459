// Builds one package: a fresh builder container per spec (network none, tree read-only
// at /photon, the step's work dir at /work) running docker/build-rpm.sh. It prepares
// /work (verified sources, build-root RPMs), runs, and lists what landed in out/.
// A spec parsed for another arch than the builder's (spec.arch aarch64 on x86_64) is
// cross-built: the script gets TARGET_ARCH (docs/aarch64.md).
// It does not choose which RPMs go in the build root, nor cache anything.
import { copyFile, link, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DOCKER_SCRIPTS_DIR } from '../paths.js';
import type { PackageSpec } from '../specs/types.js';
import type { ContainerEngine, Mount, RunResult } from './engine.js';

export const SCRIPTS_IN_CONTAINER = '/opt/photon-build/scripts';
export const TREE_IN_CONTAINER = '/photon';
export const WORK_IN_CONTAINER = '/work';

export interface BuildRpmOptions {
  readonly image: string;
  /** Container name, unique per run. */
  readonly name: string;
  readonly treeDir: string;
  readonly spec: PackageSpec;
  /** Host dir owned by this step; RPMs end in <workDir>/out. */
  readonly workDir: string;
  /** Host paths of every Source/Patch, already verified (collectSources). */
  readonly sourceFiles: readonly string[];
  /** Host paths of the RPMs for the build root, toolchain first. */
  readonly installRpms: readonly string[];
  /** rpmbuild -D macros: dist, photon_build_number, photon_release_version, with_check, … */
  readonly macros: Readonly<Record<string, string>>;
  readonly buildSrcRpm: boolean;
  readonly sourceDateEpoch: number;
  readonly logFile: string;
  readonly signal?: AbortSignal;
}

export type BuildRpmFailure = Extract<RunResult, { ok: false }> & { readonly message: string };

export type BuildRpmResult =
  | { readonly ok: true; readonly rpms: readonly string[]; readonly durationMs: number }
  | BuildRpmFailure;

/** The builder container's arch in rpm's spelling: the host's, as containers are not emulated. */
export function builderArch(nodeArch: string = process.arch): string {
  switch (nodeArch) {
    case 'x64': return 'x86_64';
    case 'arm64': return 'aarch64';
    case 'ia32': return 'i686';
    default: return nodeArch;
  }
}

/** The container env: SOURCE_DATE_EPOCH, plus TARGET_ARCH for a cross build. */
export function buildEnv(specArch: string, sourceDateEpoch: number, hostArch: string = builderArch()): Record<string, string> {
  const env: Record<string, string> = { SOURCE_DATE_EPOCH: String(sourceDateEpoch) };
  if (specArch !== hostArch && specArch !== 'noarch') env['TARGET_ARCH'] = specArch;
  return env;
}

/** Where the spec is inside the container, plus a mount when it lives outside the tree. */
export function specLocation(treeDir: string, specFile: string): { readonly path: string; readonly mount?: Mount } {
  const rel = path.relative(path.resolve(treeDir), path.resolve(specFile));
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { path: path.posix.join(TREE_IN_CONTAINER, ...rel.split(path.sep)) };
  }
  const dir = path.dirname(path.resolve(specFile));
  return { path: path.posix.join('/spec', path.basename(specFile)), mount: { source: dir, target: '/spec', readOnly: true } };
}

/** The rpmbuild arguments for Photon's macros, sorted so the command is stable. */
export function macroArgs(macros: Readonly<Record<string, string>>, withCheck: boolean): string[] {
  const args: string[] = [];
  if (!withCheck) args.push('--nocheck');
  for (const key of Object.keys(macros).sort()) args.push('--define', `${key} ${macros[key]}`);
  return args;
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

async function listRpms(outDir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(outDir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.name.endsWith('.rpm')) found.push(child);
    }
  };
  await walk('');
  return found.sort();
}

export async function buildRpm(engine: ContainerEngine, o: BuildRpmOptions): Promise<BuildRpmResult> {
  const sources = path.join(o.workDir, 'top', 'SOURCES');
  const buildRoot = path.join(o.workDir, 'buildroot-rpms');
  // A previous failed attempt may have left top/ (kept for debugging) and out.partial/.
  for (const stale of ['out', 'out.partial', 'top', 'buildroot-rpms']) {
    await rm(path.join(o.workDir, stale), { recursive: true, force: true });
  }
  await mkdir(sources, { recursive: true });
  await mkdir(buildRoot, { recursive: true });
  for (const file of o.sourceFiles) await copyFile(file, path.join(sources, path.basename(file)));
  // The position prefix keeps the caller's order (toolchain first) and unique names.
  const width = String(o.installRpms.length).length;
  for (const [i, rpm] of o.installRpms.entries()) {
    await linkOrCopy(rpm, path.join(buildRoot, `${String(i).padStart(width, '0')}-${path.basename(rpm)}`));
  }
  const spec = specLocation(o.treeDir, o.spec.file);
  const withCheck = o.macros['with_check'] === '1';
  const mounts: Mount[] = [
    { source: path.resolve(o.treeDir), target: TREE_IN_CONTAINER, readOnly: true },
    { source: path.resolve(o.workDir), target: WORK_IN_CONTAINER },
    { source: DOCKER_SCRIPTS_DIR, target: SCRIPTS_IN_CONTAINER, readOnly: true },
    ...(spec.mount ? [spec.mount] : []),
  ];
  const result = await engine.run({
    name: o.name,
    image: o.image,
    command: ['/bin/bash', `${SCRIPTS_IN_CONTAINER}/build-rpm.sh`, spec.path, o.buildSrcRpm ? '-ba' : '-bb', ...macroArgs(o.macros, withCheck)],
    mounts,
    env: buildEnv(o.spec.arch, o.sourceDateEpoch),
    network: 'none',
    logFile: o.logFile,
    signal: o.signal,
  });
  await rm(buildRoot, { recursive: true, force: true });
  const label = `${o.spec.name}-${o.spec.version}-${o.spec.release}`;
  if (!result.ok) {
    // Nothing half-written: out/ exists only after the script's final rename.
    await rm(path.join(o.workDir, 'out'), { recursive: true, force: true });
    const message = result.reason === 'aborted'
      ? `build of ${label} was interrupted; log: ${result.logFile}`
      : `build of ${label} failed (exit ${result.exitCode}); log: ${result.logFile}`;
    return { ...result, message };
  }
  const outDir = path.join(o.workDir, 'out');
  const exists = await stat(outDir).then(() => true, () => false);
  const rpms = exists ? await listRpms(outDir) : [];
  if (rpms.length === 0) {
    return { ok: false, reason: 'exit-non-zero', exitCode: 0, logFile: o.logFile, durationMs: result.durationMs, message: `build of ${label} wrote no RPMs; log: ${o.logFile}` };
  }
  return { ok: true, rpms, durationMs: result.durationMs };
}
