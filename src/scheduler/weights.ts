// Step weights for critical-path priority, in minutes: a measured duration from the
// cache's latest record for the step when there is one, else the packageWeights.json
// value for the step's package (build.py's table, read as minutes), else 1. Pure except
// measuredDurations, which only reads cache records.
import type { Cache } from '../cache/types.js';
import type { SchedulableStep } from './types.js';

export interface WeightSources {
  /** Measured durations in ms by step id (see measuredDurations). */
  readonly measured?: ReadonlyMap<string, number>;
  /** packageWeights.json: package name → weight. */
  readonly packageWeights?: ReadonlyMap<string, number>;
  /** Which package a step builds; default: see defaultNameOf. */
  readonly nameOf?: (step: SchedulableStep) => string | undefined;
}

export const DEFAULT_WEIGHT = 1;

/** "rpm:glibc-2.36-1.ph5" → "glibc" (name-version-release; versions hold no '-'), "rpm:glibc" → "glibc". */
export function defaultNameOf(step: SchedulableStep): string {
  const rest = step.id.slice(step.id.indexOf(':') + 1);
  return /^(.+)-[^-]+-[^-]+$/.exec(rest)?.[1] ?? rest;
}

export function weightFor(step: SchedulableStep, sources: WeightSources): number {
  const ms = sources.measured?.get(step.id);
  if (ms !== undefined && Number.isFinite(ms) && ms >= 0) return ms / 60_000;
  const name = (sources.nameOf ?? defaultNameOf)(step);
  const table = name !== undefined ? (sources.packageWeights?.get(name) ?? sources.packageWeights?.get(step.id)) : undefined;
  if (table !== undefined && Number.isFinite(table) && table >= 0) return table;
  return DEFAULT_WEIGHT;
}

export function estimateWeights(steps: readonly SchedulableStep[], sources: WeightSources): SchedulableStep[] {
  return steps.map((s) => ({ ...s, weight: weightFor(s, sources) }));
}

/** durationMs of the latest cached record of each step, where the cache has one. */
export async function measuredDurations(cache: Pick<Cache, 'latestFor'>, stepIds: Iterable<string>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of stepIds) {
    const record = await cache.latestFor(id);
    if (record) out.set(id, record.provenance.durationMs);
  }
  return out;
}
