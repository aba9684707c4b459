// Reporters turn events into output: plain lines (CI / not a TTY), a JSON event stream
// (--json, one object per line), or a live listr2 view on a TTY. They only listen.
import { Listr } from 'listr2';
import type { BuildEvent } from './events.js';
import { formatDuration } from './summary.js';

export interface Reporter {
  readonly listen: (event: BuildEvent) => void;
  /** Flush and stop any live rendering. */
  close(): Promise<void>;
}

type Write = (text: string) => void;

export function plainReporter(write: Write = (t) => process.stderr.write(t)): Reporter {
  let done = 0;
  let total = 0;
  return {
    listen(event) {
      switch (event.type) {
        case 'run-start':
          total = event.steps;
          write(`photon-build: ${event.target}: ${event.steps} steps\n`);
          break;
        case 'step-start':
          write(`[start] ${event.step}\n`);
          break;
        case 'step-progress':
          write(`[....] ${event.step}: ${event.message}\n`);
          break;
        case 'step-end':
          done += 1;
          write(
            `[${event.outcome}] ${event.step} (${formatDuration(event.durationMs)}) ${done}/${total}` +
              `${event.message ? `: ${event.message}` : ''}${event.logFile && event.outcome === 'failed' ? ` (log: ${event.logFile})` : ''}\n`,
          );
          break;
        case 'warning':
          write(`warning: ${event.message}\n`);
          break;
        default:
          break;
      }
    },
    async close() {},
  };
}

export function jsonReporter(write: Write = (t) => process.stdout.write(t)): Reporter {
  return {
    listen(event) {
      write(`${JSON.stringify(event)}\n`);
    },
    async close() {},
  };
}

/**
 * listr2 on a TTY: one task per running step, title updated with counts of
 * done/cached/failed. Steps are pushed as they start, so the view shows what runs now.
 */
export function ttyReporter(): Reporter {
  const counts = { built: 0, cached: 0, failed: 0, total: 0 };
  const resolvers = new Map<string, (r: { ok: boolean; text: string }) => void>();
  let root: Listr | undefined;
  let rootRun: Promise<unknown> = Promise.resolve();
  let finishRun: (() => void) | undefined;
  const runEnded = new Promise<void>((resolve) => (finishRun = resolve));

  const title = (): string => `${counts.built} built, ${counts.cached} cached, ${counts.failed} failed of ${counts.total}`;
  return {
    listen(event) {
      if (event.type === 'run-start') {
        counts.total = event.steps;
        root = new Listr([], { concurrent: true, exitOnError: false, rendererOptions: { collapseSubtasks: false } });
        root.add({
          title: title(),
          task: async (_ctx, task) => {
            const timer = setInterval(() => (task.title = title()), 250);
            await runEnded;
            clearInterval(timer);
            task.title = title();
          },
        });
        rootRun = root.run().catch(() => undefined);
      }
      if (event.type === 'step-start' && root) {
        const ended = new Promise<{ ok: boolean; text: string }>((resolve) => resolvers.set(event.step, resolve));
        root.add({
          title: event.step,
          task: async (_ctx, task) => {
            const r = await ended;
            task.title = r.text;
            if (!r.ok) throw new Error(r.text);
          },
        });
      }
      if (event.type === 'step-end') {
        if (event.outcome === 'built') counts.built += 1;
        if (event.outcome === 'cached') counts.cached += 1;
        if (event.outcome === 'failed') counts.failed += 1;
        const text = `${event.step} [${event.outcome}] ${formatDuration(event.durationMs)}${event.logFile && event.outcome === 'failed' ? ` (log: ${event.logFile})` : ''}`;
        resolvers.get(event.step)?.({ ok: event.outcome !== 'failed', text });
        resolvers.delete(event.step);
      }
      if (event.type === 'run-end') finishRun?.();
    },
    async close() {
      finishRun?.();
      for (const [step, resolve] of resolvers) resolve({ ok: false, text: `${step} [stopped]` });
      await rootRun;
    },
  };
}

/** Plain in CI or when stderr is not a TTY; listr2 otherwise; JSON when asked. */
export function chooseReporter(opts: { readonly json: boolean; readonly env?: NodeJS.ProcessEnv; readonly isTTY?: boolean }): Reporter {
  if (opts.json) return jsonReporter();
  const env = opts.env ?? process.env;
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false' && env['CI'] !== '0';
  if (ci || !(opts.isTTY ?? process.stderr.isTTY)) return plainReporter();
  return ttyReporter();
}
