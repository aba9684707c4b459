// The run behind `photon-build <target>` (build.ts declares the command): prepares the
// plan, runs it with the chosen engine, cache and reporter, prints the summary and turns
// the outcome into the exit code.
import { exitCodeFor, isFailureReason, PhotonBuildError } from '../errors.js';
import { resolveCacheDir } from '../cache/config.js';
import { chooseReporter } from '../report/reporters.js';
import { summaryLines } from '../report/summary.js';
import { preparePlan } from '../run/prepare.js';
import { startRun } from '../run/start.js';
import type { BuildFlags } from './build.js';
import { resolveTreeDir } from './options.js';

export async function runBuild(target: string, flags: BuildFlags, archExplicit: boolean): Promise<number> {
  const env = process.env;
  const treeChoice = resolveTreeDir(flags.tree);
  const prepared = await preparePlan({ requested: target, treeDir: treeChoice.dir, isSample: treeChoice.isSample, arch: flags.arch, archExplicit, env, ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}) });
  const retries = Number(flags.retries);
  if (!Number.isInteger(retries) || retries < 0) throw new PhotonBuildError('usage', `--retries must be a non-negative integer, got '${flags.retries}'`, { key: '--retries' });
  const outcome = await startRun(prepared, {
    engine: flags.engine,
    cacheDir: resolveCacheDir(flags.cacheDir, env),
    ...(flags.remoteCache ? { remoteCache: flags.remoteCache } : {}),
    remoteCacheReadOnly: flags.remoteCacheReadonly === true,
    threads: flags.threads ?? prepared.tree.config.threads,
    keepGoing: flags.keepGoing === true,
    retries,
    ...(flags.trace ? { trace: flags.trace } : {}),
    reporter: chooseReporter({ json: flags.json === true }),
    env,
  });
  const lines = summaryLines(outcome.summary);
  const out = flags.json ? process.stderr : process.stdout;
  for (const line of lines) out.write(`${line}\n`);
  if (outcome.schedule.skipped.length > 0) out.write(`not run: ${outcome.schedule.skipped.join(', ')}\n`);
  if (outcome.interrupted) return 130;
  if (outcome.schedule.ok) return 0;
  return exitCodeOfFailures(outcome.schedule);
}

/**
 * The exit code of a failed run, from the failed steps' reasons (src/errors.ts mapping):
 * a checksum mismatch wins, then environment, then bad input; anything else is 1.
 */
function exitCodeOfFailures(schedule: { readonly results: ReadonlyMap<string, { readonly ok: boolean; readonly reason?: string }> }): number {
  const codes = new Set<number>();
  for (const r of schedule.results.values()) if (!r.ok && isFailureReason(r.reason)) codes.add(exitCodeFor(r.reason));
  return [3, 4, 2].find((c) => codes.has(c)) ?? 1;
}
