import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../src/report/events.js';
import { runSchedule } from '../../../src/scheduler/run.js';
import type { SchedulableStep, StepResult } from '../../../src/scheduler/types.js';

const step = (id: string, deps: string[] = [], weight = 1, extra: Partial<SchedulableStep> = {}): SchedulableStep => ({ id, kind: 'rpm', deps, weight, ...extra });
const ok: StepResult = { ok: true, outcome: 'built', durationMs: 1 };
const fail = (message = 'boom'): StepResult => ({ ok: false, reason: 'exit-non-zero', message, durationMs: 1 });

/** A fake runner where each step finishes only when the test releases it. */
function controlled() {
  const started: string[] = [];
  const pending = new Map<string, (r: StepResult) => void>();
  const signals = new Map<string, AbortSignal>();
  const run = (s: SchedulableStep, signal: AbortSignal) => new Promise<StepResult>((resolve) => {
    started.push(s.id);
    signals.set(s.id, signal);
    pending.set(s.id, resolve);
  });
  const tick = () => new Promise((r) => setImmediate(r));
  const release = async (id: string, r: StepResult = ok) => {
    const fn = pending.get(id);
    if (!fn) throw new Error(`${id} is not running (started: ${started.join(',')})`);
    pending.delete(id);
    fn(r);
    await tick();
  };
  return { started, pending, signals, run, release, tick };
}

describe('runSchedule', () => {
  it('starts the ready step with the longest remaining path first', async () => {
    // a(1) → z(10): a's path is 11; b(5) alone is 5; c(3) → d(3) is 6.
    const steps = [step('b', [], 5), step('c', [], 3), step('d', ['c'], 3), step('a', [], 1), step('z', ['a'], 10)];
    const order: string[] = [];
    const summary = await runSchedule(steps, async (s) => { order.push(s.id); return ok; }, { threads: 1, keepGoing: false, retries: 0 });
    expect(order).toEqual(['a', 'z', 'c', 'b', 'd']); // after c, b (5) outranks d (3)
    expect(summary.ok).toBe(true);
    expect(summary.skipped).toEqual([]);
  });

  it('re-sorts the ready queue when a critical step becomes ready (no refill-when-empty)', async () => {
    // Two threads. x unlocks crit (priority 100) while low1..low3 already wait in the queue.
    const c = controlled();
    const steps = [step('x', [], 2), step('crit', ['x'], 100), step('long', [], 50), step('low1', [], 1), step('low2', [], 1), step('low3', [], 1)];
    const done = runSchedule(steps, c.run, { threads: 2, keepGoing: false, retries: 0 });
    await c.tick();
    expect(c.started).toEqual(['x', 'long']);
    await c.release('x');
    expect(c.started).toEqual(['x', 'long', 'crit']);
    await c.release('long');
    await c.release('crit');
    for (const id of ['low1', 'low2', 'low3']) await c.release(id);
    expect((await done).ok).toBe(true);
  });

  it('a step is ready when only its own deps are done and never runs more than threads at once', async () => {
    let active = 0;
    let peak = 0;
    const steps = Array.from({ length: 12 }, (_, i) => step(`s${i}`, i >= 4 ? [`s${i - 4}`] : []));
    const summary = await runSchedule(steps, async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
      return ok;
    }, { threads: 3, keepGoing: false, retries: 0 });
    expect(peak).toBe(3);
    expect(summary.results.size).toBe(12);
  });

  it('stops new work on the first failure by default but lets running steps finish', async () => {
    const c = controlled();
    const steps = [step('a', [], 3), step('b', [], 2), step('c', [], 1), step('d', ['b'], 1)];
    const events: BuildEvent[] = [];
    const done = runSchedule(steps, c.run, { threads: 2, keepGoing: false, retries: 0 }, (e) => events.push(e));
    await c.tick();
    expect(c.started).toEqual(['a', 'b']);
    await c.release('a', fail());
    expect(c.started).toEqual(['a', 'b']); // no new work
    await c.release('b');
    const summary = await done;
    expect(summary.ok).toBe(false);
    expect(summary.results.get('b')).toEqual(ok);
    expect(summary.skipped).toEqual(['c', 'd']);
    expect(events.filter((e) => e.type === 'step-end').map((e) => e.type === 'step-end' && `${e.step}:${e.outcome}`)).toEqual(['a:failed', 'b:built', 'c:skipped', 'd:skipped']);
  });

  it('keepGoing builds everything not downstream of a failure and lists the skipped', async () => {
    const steps = [step('bad'), step('child', ['bad']), step('grandchild', ['child', 'good']), step('good'), step('other', ['good'])];
    const ran: string[] = [];
    const summary = await runSchedule(steps, async (s) => { ran.push(s.id); return s.id === 'bad' ? fail() : ok; }, { threads: 1, keepGoing: true, retries: 0 });
    expect(ran.sort()).toEqual(['bad', 'good', 'other']);
    expect(summary.skipped).toEqual(['child', 'grandchild']);
    expect(summary.ok).toBe(false);
  });

  it('retries only retryable steps, up to the limit', async () => {
    const calls = new Map<string, number>();
    const runner = async (s: SchedulableStep) => {
      const n = (calls.get(s.id) ?? 0) + 1;
      calls.set(s.id, n);
      return s.id === 'flaky' && n < 3 ? fail(`try ${n}`) : s.id === 'broken' ? fail() : ok;
    };
    const steps = [step('flaky', [], 1, { retryable: true }), step('broken', [], 1, { retryable: false }), step('after', ['flaky'])];
    const summary = await runSchedule(steps, runner, { threads: 2, keepGoing: true, retries: 2 });
    expect(calls.get('flaky')).toBe(3);
    expect(calls.get('broken')).toBe(1);
    expect(summary.results.get('after')?.ok).toBe(true);
    const once = await runSchedule([step('flaky', [], 1, { retryable: true })], async () => fail(), { threads: 1, keepGoing: false, retries: 1 });
    expect(once.ok).toBe(false);
  });

  it('abort stops scheduling, reaches running steps and reports aborted', async () => {
    const c = controlled();
    const controller = new AbortController();
    const steps = [step('a', [], 5), step('b', [], 1), step('c', ['a'])];
    const done = runSchedule(steps, c.run, { threads: 1, keepGoing: false, retries: 0, signal: controller.signal });
    await c.tick();
    expect(c.started).toEqual(['a']);
    controller.abort();
    expect(c.signals.get('a')?.aborted).toBe(true);
    await c.release('a', { ok: false, reason: 'aborted', message: 'killed', durationMs: 1 });
    const summary = await done;
    expect(summary.aborted).toBe(true);
    expect(summary.ok).toBe(false);
    expect(summary.skipped.sort()).toEqual(['b', 'c']);
  });

  it('turns a throwing step into a failure instead of hanging', async () => {
    const summary = await runSchedule([step('t')], async () => { throw new Error('bug'); }, { threads: 1, keepGoing: false, retries: 0 });
    expect(summary.results.get('t')).toMatchObject({ ok: false, reason: 'internal', message: 'bug' });
  });

  it('rejects unknown deps and cycles', async () => {
    await expect(runSchedule([step('a', ['nope'])], async () => ok, { threads: 1, keepGoing: false, retries: 0 })).rejects.toThrow(/unknown step 'nope'/);
    await expect(runSchedule([step('a', ['b']), step('b', ['a'])], async () => ok, { threads: 1, keepGoing: false, retries: 0 })).rejects.toThrow(/cycle/);
  });
});
