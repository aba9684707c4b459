// Runs a plan: hands its steps to the scheduler and, per step, asks the cache whether it
// must run. Cacheable steps build into a private work dir, are stored in the CAS, then
// restored (hardlinked) into the stage — so the stage never holds half-written outputs.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { cacheKey } from '../cache/fingerprint.js';
import type { ActionRecord, CacheKey } from '../cache/types.js';
import { isPhotonBuildError } from '../errors.js';
import { stepInputs } from '../plan/inputs.js';
import { isCacheable } from '../plan/types.js';
import type { PlanStep } from '../plan/types.js';
import { runSchedule } from '../scheduler/run.js';
import { estimateWeights, measuredDurations } from '../scheduler/weights.js';
import type { ScheduleSummary, SchedulableStep, StepResult } from '../scheduler/types.js';
import type { RunContext } from './context.js';
import { logFileFor, safeName } from './context.js';
import { inputContext } from './input-context.js';
import { runStepBody } from './runners.js';
import { publishArtifacts } from './artifacts.js';

export interface RunOptions {
  readonly threads: number;
  readonly keepGoing: boolean;
  readonly retries: number;
}

export async function runPlan(ctx: RunContext, opts: RunOptions): Promise<ScheduleSummary> {
  await mkdir(path.join(ctx.stageDir, 'LOGS'), { recursive: true });
  const byId = new Map(ctx.plan.steps.map((s) => [s.id, s]));
  const steps: SchedulableStep[] = ctx.plan.steps.map((s) => ({
    id: s.id,
    kind: s.kind,
    deps: s.deps,
    weight: 1,
    retryable: s.kind === 'sources' || s.kind === 'publish-rpms',
  }));
  // Priorities: measured durations of earlier runs, else packageWeights.json, else 1.
  const measured = await measuredDurations(ctx.cache, steps.map((s) => s.id));
  const schedulable = estimateWeights(steps, { measured, packageWeights: ctx.tree.packageWeights });
  return runSchedule(schedulable, (step, signal) => runOne(ctx, byId.get(step.id)!, signal), { threads: opts.threads, keepGoing: opts.keepGoing, retries: opts.retries, signal: ctx.signal }, ctx.emit);
}

async function runOne(ctx: RunContext, step: PlanStep, signal: AbortSignal): Promise<StepResult> {
  const started = Date.now();
  const logFile = logFileFor(ctx, step.id);
  try {
    if (!isCacheable(step.kind)) {
      const outcome = await runStepBody(ctx, step, { workDir: '', logFile, signal });
      if (outcome.message) ctx.emit({ type: 'step-progress', step: step.id, message: outcome.message, time: Date.now() });
      return { ok: true, outcome: 'built', durationMs: Date.now() - started };
    }
    const inputs = await stepInputs(step, inputContext(ctx));
    const key = cacheKey(inputs) as CacheKey;
    const hit = await ctx.cache.lookup(key, signal);
    if (hit && (await restore(ctx, step, hit))) {
      await finished(ctx, step, hit, signal);
      return { ok: true, outcome: 'cached', durationMs: Date.now() - started };
    }
    const workDir = path.join(ctx.stageDir, '.work', safeName(step.id));
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    try {
      const produced = await runStepBody(ctx, step, { workDir, logFile, signal });
      const record = await ctx.cache.store(key, step.id, path.join(workDir, 'out'), produced.outputs, inputs, Date.now() - started, signal);
      if (!(await restore(ctx, step, record))) throw new Error(`cache entry for ${step.id} could not be restored right after it was stored`);
      await finished(ctx, step, record, signal);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    return { ok: true, outcome: 'built', durationMs: Date.now() - started };
  } catch (error) {
    if (isPhotonBuildError(error)) {
      return { ok: false, reason: error.reason, message: error.oneLine(), logFile, durationMs: Date.now() - started };
    }
    if (signal.aborted) return { ok: false, reason: 'aborted', message: 'interrupted', logFile, durationMs: Date.now() - started };
    throw error;
  }
}

/** Restores a record into the stage; a step's own output dirs are cleared first. */
async function restore(ctx: RunContext, step: PlanStep, record: ActionRecord): Promise<boolean> {
  if (step.kind === 'create-repo') await rm(path.join(ctx.stageDir, 'RPMS', 'repodata'), { recursive: true, force: true });
  return ctx.cache.restore(record, ctx.stageDir, ctx.signal);
}

/** A step's outputs are in the stage: record them for dependents, publish artifacts. */
async function finished(ctx: RunContext, step: PlanStep, record: ActionRecord, signal: AbortSignal): Promise<void> {
  ctx.outputDigests.set(step.id, record.outputDigest);
  ctx.outputs.set(step.id, record.outputs.map((o) => o.path));
  if (step.kind === 'image') await publishArtifacts(ctx, step, record.key, signal);
}
