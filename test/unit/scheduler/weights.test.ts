import { describe, expect, it } from 'vitest';
import { buildScheduleGraph } from '../../../src/scheduler/priority.js';
import { estimateWeights, measuredDurations } from '../../../src/scheduler/weights.js';
import type { ActionRecord } from '../../../src/cache/types.js';

describe('estimateWeights', () => {
  it('prefers measured durations (minutes), then packageWeights, then 1', () => {
    const steps = [
      { id: 'rpm:glibc', kind: 'rpm', deps: [], weight: 0 },
      { id: 'rpm:linux', kind: 'rpm', deps: [], weight: 0 },
      { id: 'rpm:zlib', kind: 'rpm', deps: [], weight: 0 },
      { id: 'rpm:linux-esx-6.1.176-1.ph5', kind: 'rpm', deps: [], weight: 0 },
    ];
    const out = estimateWeights(steps, { measured: new Map([['rpm:glibc', 180_000]]), packageWeights: new Map([['linux', 124], ['glibc', 30], ['linux-esx', 50]]) });
    expect(out.map((s) => s.weight)).toEqual([3, 124, 1, 50]);
  });

  it('reads measured durations from the latest cache records', async () => {
    const cache = { latestFor: async (step: string) => (step === 'a' ? ({ provenance: { durationMs: 42 } } as ActionRecord) : undefined) };
    expect(await measuredDurations(cache, ['a', 'b'])).toEqual(new Map([['a', 42]]));
  });
});

describe('buildScheduleGraph priority', () => {
  it('is the longest weighted path to a sink', () => {
    const g = buildScheduleGraph([
      { id: 'glibc', deps: [], weight: 2 },
      { id: 'gcc', deps: ['glibc'], weight: 10 },
      { id: 'zlib', deps: ['glibc'], weight: 1 },
      { id: 'app', deps: ['gcc', 'zlib'], weight: 3 },
    ]);
    expect(Object.fromEntries(g.priority)).toEqual({ glibc: 15, gcc: 13, zlib: 4, app: 3 });
  });
});
