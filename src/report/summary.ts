// Folds build events into the end-of-run summary: wall time, counts per outcome, cache
// hit rate, slowest steps, artifacts. Pure; rendering is the reporters' job.
import { isCacheable } from '../plan/types.js';
import type { PlanStepKind } from '../plan/types.js';
import type { BuildEvent, StepOutcome } from './events.js';

export interface RunSummary {
  readonly ok: boolean;
  readonly wallMs: number;
  readonly counts: Readonly<Record<StepOutcome, number>>;
  /** cached / (cached + built) over cacheable steps (rpm, repo, rootfs, image); NaN when none ran. */
  readonly hitRate: number;
  readonly slowest: readonly { readonly step: string; readonly durationMs: number }[];
  readonly failures: readonly { readonly step: string; readonly message: string; readonly logFile?: string }[];
  readonly artifacts: readonly { readonly path: string; readonly md5: string; readonly sha256: string; readonly size: number }[];
}

export class SummaryCollector {
  private start = 0;
  private end = 0;
  private ok = false;
  private readonly counts: Record<StepOutcome, number> = { built: 0, cached: 0, failed: 0, skipped: 0, aborted: 0 };
  private readonly durations: { step: string; durationMs: number }[] = [];
  private cacheable = { built: 0, cached: 0 };
  private readonly failures: { step: string; message: string; logFile?: string }[] = [];
  private readonly artifacts: { path: string; md5: string; sha256: string; size: number }[] = [];

  readonly listen = (event: BuildEvent): void => {
    switch (event.type) {
      case 'run-start':
        this.start = event.time;
        break;
      case 'step-end':
        this.counts[event.outcome] += 1;
        if (isCacheable(event.kind as PlanStepKind) && (event.outcome === 'built' || event.outcome === 'cached')) this.cacheable[event.outcome] += 1;
        if (event.outcome === 'built') this.durations.push({ step: event.step, durationMs: event.durationMs });
        if (event.outcome === 'failed') {
          this.failures.push({ step: event.step, message: event.message ?? 'failed', ...(event.logFile ? { logFile: event.logFile } : {}) });
        }
        break;
      case 'artifact':
        this.artifacts.push({ path: event.path, md5: event.md5, sha256: event.sha256, size: event.size });
        break;
      case 'run-end':
        this.end = event.time;
        this.ok = event.ok;
        break;
      default:
        break;
    }
  };

  summary(): RunSummary {
    const cacheable = this.cacheable.built + this.cacheable.cached;
    return {
      ok: this.ok,
      wallMs: Math.max(0, this.end - this.start),
      counts: { ...this.counts },
      hitRate: cacheable === 0 ? Number.NaN : this.cacheable.cached / cacheable,
      slowest: [...this.durations].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5),
      failures: [...this.failures],
      artifacts: [...this.artifacts],
    };
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${Math.round((ms % 60_000) / 1000)}s`;
}

/** Human summary lines (CI and TTY alike). */
export function summaryLines(s: RunSummary): string[] {
  const rate = Number.isNaN(s.hitRate) ? 'n/a' : `${Math.round(s.hitRate * 100)}%`;
  const lines = [
    `${s.ok ? 'done' : 'FAILED'} in ${formatDuration(s.wallMs)}: ${s.counts.built} built, ${s.counts.cached} cached, ` +
      `${s.counts.failed} failed, ${s.counts.skipped} skipped; cache hit rate ${rate}`,
  ];
  if (s.slowest.length > 0) {
    lines.push(`slowest: ${s.slowest.map((x) => `${x.step} ${formatDuration(x.durationMs)}`).join(', ')}`);
  }
  for (const f of s.failures) lines.push(`failed: ${f.step}: ${f.message}${f.logFile ? ` (log: ${f.logFile})` : ''}`);
  for (const a of s.artifacts) {
    lines.push(`artifact: ${a.path}`);
    lines.push(`  size ${a.size}  md5 ${a.md5}  sha256 ${a.sha256}`);
  }
  return lines;
}
