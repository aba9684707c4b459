// `photon-build <target>`: the default command. Plans the target, runs it, prints the
// summary (artifact paths and checksums) and maps the outcome to an exit code.
import type { Command } from 'commander';
import { Option } from 'commander';
import { exitCodeFor, isFailureReason, PhotonBuildError } from '../errors.js';
import { resolveCacheDir } from '../cache/config.js';
import { chooseReporter } from '../report/reporters.js';
import { summaryLines } from '../report/summary.js';
import { preparePlan } from '../run/prepare.js';
import { startRun } from '../run/start.js';
import { addArchOption, addTreeOption, parseThreads, resolveTreeDir } from './options.js';

interface BuildFlags {
  readonly tree?: string;
  readonly arch: string;
  readonly threads?: number;
  readonly engine: 'docker' | 'podman' | 'auto';
  readonly cacheDir?: string;
  readonly remoteCache?: string;
  readonly remoteCacheReadonly?: boolean;
  readonly keepGoing?: boolean;
  readonly retries: string;
  readonly json?: boolean;
  readonly trace?: string;
}

export function registerBuild(program: Command): void {
  const cmd = program
    .command('build <target>', { isDefault: true })
    .description('build a target (iso, ova, rpi3, packages, …) or a single package of the tree')
    .option('--threads <n>', 'steps run at once (default: build-config threads / THREADS)', parseThreads)
    .addOption(new Option('--engine <engine>', 'container engine').choices(['docker', 'podman', 'auto']).default('auto'))
    .option('--cache-dir <dir>', 'local cache directory (default: PHOTON_BUILD_CACHE_DIR or <photon-build>/cache)')
    .option('--remote-cache <url>', 'Bazel-style HTTP cache (GET/PUT /ac/<key>, /cas/<sha256>)')
    .option('--remote-cache-readonly', 'read the remote cache but never upload (untrusted jobs)')
    .option('--keep-going', 'build everything not downstream of a failure')
    .option('--retries <n>', 'retries for steps classified as flaky (downloads)', '0')
    .option('--json', 'JSON event stream on stdout, one object per line')
    .option('--trace <file>', 'write a Chrome trace of the run');
  addTreeOption(cmd);
  addArchOption(cmd);
  cmd.action(async (target: string, flags: BuildFlags) => {
    process.exitCode = await runBuild(target, flags, cmd.getOptionValueSource('arch') === 'cli');
  });
}

async function runBuild(target: string, flags: BuildFlags, archExplicit: boolean): Promise<number> {
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
