// Runs a DAG of steps: a step is ready when its own deps succeeded; ready steps wait in a
// queue ordered by critical-path priority (re-sorted on every insertion) and start in
// p-limit slots. Failure modes: stop new work on the first failure (default) or keep
// going with everything not downstream of a failure; retryable steps are retried. The
// AbortSignal stops scheduling and reaches running steps. Emits step events only; it
// does not know what a step does (runStep does).
import pLimit from 'p-limit';
import { isPhotonBuildError } from '../errors.js';
import type { EmitEvent, StepOutcome } from '../report/events.js';
import { buildScheduleGraph, downstreamOf, ReadyQueue } from './priority.js';
import type { ScheduleOptions, ScheduleSummary, SchedulableStep, StepResult } from './types.js';

export type RunStep = (step: SchedulableStep, signal: AbortSignal) => Promise<StepResult>;

export async function runSchedule(
  steps: readonly SchedulableStep[],
  runStep: RunStep,
  opts: ScheduleOptions,
  emit: EmitEvent = () => undefined,
): Promise<ScheduleSummary> {
  const graph = buildScheduleGraph(steps);
  const byId = new Map(steps.map((s) => [s.id, s]));
  const threads = Math.max(1, Math.floor(opts.threads));
  const limit = pLimit(threads);
  // Running steps always get a live signal, aborted when the caller aborts.
  const signal = opts.signal ?? new AbortController().signal;
  const waiting = new Map(steps.map((s) => [s.id, graph.deps.get(s.id)!.length]));
  const ready = new ReadyQueue(graph.priority);
  const results = new Map<string, StepResult>();
  const skipReason = new Map<string, string>();
  let running = 0;
  let stopped = false; // first failure without keepGoing

  for (const s of steps) if (waiting.get(s.id) === 0) ready.push(s.id);

  return new Promise<ScheduleSummary>((resolve) => {
    const onAbort = (): void => pump();
    signal.addEventListener('abort', onAbort, { once: true });

    function pump(): void {
      while (!stopped && !signal.aborted && running < threads && ready.size > 0) start(ready.shift()!);
      if (running === 0 && (ready.size === 0 || stopped || signal.aborted)) finish();
    }

    function start(id: string): void {
      const step = byId.get(id)!;
      running++;
      emit({ type: 'step-start', step: id, kind: step.kind, time: Date.now() });
      void limit(() => attempt(step)).then((result) => complete(step, result));
    }

    async function attempt(step: SchedulableStep): Promise<StepResult> {
      const tries = step.retryable ? Math.max(0, opts.retries) + 1 : 1;
      let result: StepResult | undefined;
      for (let i = 1; i <= tries; i++) {
        result = await guarded(step);
        if (result.ok || signal.aborted || i === tries) break;
        emit({ type: 'step-progress', step: step.id, message: `attempt ${i} failed (${result.message}); retrying (${i}/${tries - 1})`, time: Date.now() });
      }
      return result!;
    }

    async function guarded(step: SchedulableStep): Promise<StepResult> {
      const t0 = Date.now();
      try {
        return await runStep(step, signal);
      } catch (error) {
        // runStep should return failures as data; a throw still must not wedge the run.
        return {
          ok: false,
          reason: isPhotonBuildError(error) ? error.reason : 'internal',
          message: error instanceof Error ? error.message : String(error),
          durationMs: Date.now() - t0,
        };
      }
    }

    function complete(step: SchedulableStep, result: StepResult): void {
      running--;
      results.set(step.id, result);
      emit(endEvent(step, result));
      if (result.ok) {
        for (const d of graph.dependents.get(step.id)!) {
          const left = waiting.get(d)! - 1;
          waiting.set(d, left);
          if (left === 0 && !skipReason.has(d)) ready.push(d);
        }
      } else if (opts.keepGoing) {
        for (const d of downstreamOf(graph, [step.id])) if (!skipReason.has(d)) skipReason.set(d, `dependency ${step.id} failed`);
      } else {
        stopped = true;
      }
      pump();
    }

    function endEvent(step: SchedulableStep, result: StepResult): Parameters<EmitEvent>[0] {
      const base = { type: 'step-end' as const, step: step.id, kind: step.kind, durationMs: result.durationMs, time: Date.now() };
      if (result.ok) return { ...base, outcome: result.outcome };
      const outcome: StepOutcome = result.reason === 'aborted' || signal.aborted ? 'aborted' : 'failed';
      return { ...base, outcome, message: result.message, ...(result.logFile !== undefined ? { logFile: result.logFile } : {}) };
    }

    let finished = false;
    function finish(): void {
      if (finished) return;
      finished = true;
      signal.removeEventListener('abort', onAbort);
      const skipped: string[] = [];
      const fallback = signal.aborted ? 'run aborted' : 'run stopped after a failure';
      for (const s of steps) {
        if (results.has(s.id)) continue;
        skipped.push(s.id);
        emit({ type: 'step-end', step: s.id, kind: s.kind, outcome: 'skipped', durationMs: 0, time: Date.now(), message: skipReason.get(s.id) ?? fallback });
      }
      const allOk = [...results.values()].every((r) => r.ok);
      resolve({ ok: allOk && skipped.length === 0 && !signal.aborted, results, skipped, aborted: signal.aborted });
    }

    pump();
  });
}
