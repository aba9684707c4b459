// Runs one docker/images/<script>.sh inside the builder container and turns its outcome
// into data or a PhotonBuildError that names the log file. Also owns the "write to a temp
// name, rename on success only" rule for image outputs. It knows no image format.
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ContainerEngine, Mount } from '../executor/engine.js';
import { PhotonBuildError } from '../errors.js';
import type { FailureReason } from '../errors.js';
import { DOCKER_SCRIPTS_DIR } from '../paths.js';

/** Where docker/images is mounted inside the container. */
export const SCRIPTS_MOUNT = '/photon-build/images';
/** Where the output directory is mounted inside the container. */
export const OUT_MOUNT = '/out';

/** Script exit codes with a meaning beyond "failed" (kept in step with the scripts). */
const EXIT_REASONS: Readonly<Record<number, { readonly reason: FailureReason; readonly what: string }>> = {
  65: { reason: 'input', what: 'bad input' },
  66: { reason: 'missing-dependency', what: 'rpm refused the install' },
};

export interface ScriptStep {
  readonly engine: ContainerEngine;
  readonly image: string;
  /** Container name (unique per run). */
  readonly name: string;
  /** File name under docker/images, e.g. "rootfs.sh". */
  readonly script: string;
  readonly mounts: readonly Mount[];
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  readonly signal?: AbortSignal;
}

/** Runs the script; resolves on exit 0, throws PhotonBuildError otherwise. */
export async function runImageScript(step: ScriptStep): Promise<{ readonly durationMs: number }> {
  mkdirSync(path.dirname(step.logFile), { recursive: true });
  const result = await step.engine.run({
    name: step.name,
    image: step.image,
    command: ['bash', `${SCRIPTS_MOUNT}/${step.script}`],
    mounts: [{ source: path.join(DOCKER_SCRIPTS_DIR, 'images'), target: SCRIPTS_MOUNT, readOnly: true }, ...step.mounts],
    env: step.env,
    network: 'none',
    logFile: step.logFile,
    ...(step.signal ? { signal: step.signal } : {}),
  });
  if (result.ok) return { durationMs: result.durationMs };
  if (result.reason === 'aborted') {
    throw new PhotonBuildError('aborted', `${step.script} was interrupted (log: ${step.logFile})`);
  }
  const known = EXIT_REASONS[result.exitCode];
  const detail = lastErrorLines(step.logFile);
  const head = known ? `${step.script}: ${known.what}` : `${step.script} exited with code ${result.exitCode}`;
  throw new PhotonBuildError(known?.reason ?? 'exit-non-zero', `${head}${detail ? `: ${detail}` : ''} (log: ${step.logFile})`);
}

/** The script's own diagnostics ("<script>: …" or "error: …" lines) from the end of the log. */
function lastErrorLines(logFile: string): string {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return '';
  }
  const lines = text.split('\n').filter((l) => /^(error:|\w+: |\s+\S+ is needed by )/.test(l) && !l.startsWith('$ '));
  return lines.slice(-4).join('; ');
}

export interface TempOutput {
  /** Host directory mounted at /out. */
  readonly dir: string;
  /** File name of the temp output inside dir. */
  readonly tempName: string;
  /** The temp output's path as the container sees it. */
  readonly containerPath: string;
}

/**
 * Gives `work` a temp name next to outFile; renames it to outFile when work resolves,
 * deletes it when work throws. A failed step never leaves a half-written artifact.
 */
export async function withTempOutput<T>(outFile: string, work: (tmp: TempOutput) => Promise<T>): Promise<T> {
  const dir = path.dirname(path.resolve(outFile));
  mkdirSync(dir, { recursive: true });
  const tempName = `.${path.basename(outFile)}.${randomBytes(4).toString('hex')}.tmp`;
  const tempPath = path.join(dir, tempName);
  try {
    const value = await work({ dir, tempName, containerPath: `${OUT_MOUNT}/${tempName}` });
    renameSync(tempPath, path.resolve(outFile));
    return value;
  } catch (e) {
    rmSync(tempPath, { force: true });
    throw e;
  }
}

/** A container name that is unique per call: photon-build-<kind>-<name>-<random>. */
export function containerName(kind: string, name: string): string {
  const safe = name.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 60);
  return `photon-build-${kind}-${safe}-${randomBytes(3).toString('hex')}`;
}

/** SOURCE_DATE_EPOCH must be a non-negative integer number of seconds. */
export function checkEpoch(epoch: number): string {
  if (!Number.isSafeInteger(epoch) || epoch < 0) {
    throw new PhotonBuildError('input', `sourceDateEpoch must be a non-negative integer, got ${epoch}`);
  }
  return String(epoch);
}
