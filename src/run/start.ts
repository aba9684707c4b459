// Runs a prepared plan end to end for the CLI: opens the cache (local + optional remote),
// wires reporters and SIGINT/SIGTERM to one AbortSignal, runs the steps and returns the
// summary. Prints nothing itself; reporters listen to events.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openLocalCache } from '../cache/local.js';
import { HMAC_KEY_ENV } from '../cache/record.js';
import type { Cache } from '../cache/types.js';
import type { BuildEvent } from '../report/events.js';
import type { RunSummary } from '../report/summary.js';
import { SummaryCollector } from '../report/summary.js';
import { TraceRecorder } from '../report/trace.js';
import type { Reporter } from '../report/reporters.js';
import type { Prepared } from './prepare.js';
import type { RunContext } from './context.js';
import { runPlan } from './run-plan.js';
import { wantsSourceRpms } from '../plan/build-plan.js';
import type { ScheduleSummary } from '../scheduler/types.js';

export interface StartOptions {
  readonly engine: 'docker' | 'podman' | 'auto';
  readonly cacheDir: string;
  readonly remoteCache?: string;
  readonly remoteCacheReadOnly: boolean;
  readonly threads: number;
  readonly keepGoing: boolean;
  readonly retries: number;
  readonly trace?: string;
  readonly reporter: Reporter;
  readonly env: NodeJS.ProcessEnv;
}

export interface RunOutcome {
  readonly summary: RunSummary;
  readonly schedule: ScheduleSummary;
  readonly interrupted: boolean;
}

/** Fixed build time for reproducible outputs: SOURCE_DATE_EPOCH, else a constant. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): number {
  const v = Number(env['SOURCE_DATE_EPOCH']);
  return Number.isInteger(v) && v > 0 ? v : 1_700_000_000;
}

export function photonMacros(prepared: Prepared): Record<string, string> {
  const c = prepared.tree.config;
  return {
    dist: c.distTag,
    with_check: c.rpmCheck ? '1' : '0',
    photon_build_number: c.buildNumber,
    photon_release_version: c.releaseVersion,
  };
}

export async function openCache(opts: Pick<StartOptions, 'cacheDir' | 'remoteCache' | 'remoteCacheReadOnly' | 'env'>, warn: (m: string) => void): Promise<Cache> {
  const signingKey = opts.env[HMAC_KEY_ENV] || undefined;
  const local = openLocalCache({ dir: opts.cacheDir, ...(signingKey ? { signingKey } : {}), onWarning: warn });
  if (!opts.remoteCache) return local;
  const { openRemoteCache, layeredCache } = await import('../cache/remote.js');
  const remote = openRemoteCache({ url: opts.remoteCache, readOnly: opts.remoteCacheReadOnly, ...(signingKey ? { signingKey } : {}), onWarning: warn });
  return layeredCache(local, remote);
}

export async function startRun(prepared: Prepared, opts: StartOptions): Promise<RunOutcome> {
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    controller.abort(new Error('interrupted'));
  };
  // `on`, not `once`: execa's signal-exit re-raises a signal when it finds itself the
  // only listener, and a `once` listener is removed before it runs.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const collector = new SummaryCollector();
  const trace = opts.trace ? new TraceRecorder() : undefined;
  const emit = (event: BuildEvent): void => {
    collector.listen(event);
    trace?.listen(event);
    opts.reporter.listen(event);
  };
  const warn = (message: string): void => emit({ type: 'warning', message, time: Date.now() });
  try {
    const cache = await openCache(opts, warn);
    const stageDir = prepared.tree.config.stagePath;
    const ctx: RunContext = {
      tree: prepared.tree,
      plan: prepared.plan,
      ...(prepared.graph ? { graph: prepared.graph } : {}),
      engineChoice: opts.engine,
      cache,
      cacheDir: opts.cacheDir,
      stageDir,
      runId: randomBytes(4).toString('hex'),
      emit,
      signal: controller.signal,
      sourceDateEpoch: sourceDateEpoch(opts.env),
      buildSrcRpm: wantsSourceRpms(prepared.plan, prepared.tree.config.buildSrcRpm),
      macros: photonMacros(prepared),
      outputDigests: new Map(),
      outputs: new Map(),
    };
    const t0 = Date.now();
    emit({ type: 'run-start', target: prepared.plan.target, steps: prepared.plan.steps.length, time: t0 });
    for (const note of prepared.plan.notes) warn(note);
    const schedule = await runPlan(ctx, { threads: opts.threads, keepGoing: opts.keepGoing, retries: opts.retries });
    emit({ type: 'run-end', ok: schedule.ok && !interrupted, durationMs: Date.now() - t0, time: Date.now() });
    if (trace && opts.trace) await trace.write(path.resolve(opts.trace));
    return { summary: collector.summary(), schedule, interrupted: interrupted || schedule.aborted };
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await opts.reporter.close();
  }
}
