import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAge, parseSize, resolveCacheDir } from '../../../src/cache/config.js';
import { cacheKey } from '../../../src/cache/fingerprint.js';
import { matchSteps, readPlanFile } from '../../../src/cache/plan-file.js';
import type { ActionRecord } from '../../../src/cache/types.js';
import { diffInputs, explainStep } from '../../../src/cache/why.js';
import { DEFAULT_CACHE_DIR } from '../../../src/paths.js';

describe('diffInputs', () => {
  it('lists added, removed and changed keys with old and new values', () => {
    expect(diffInputs({ spec: 'aaa', 'patch:a': '1', image: 'x' }, { spec: 'bbb', 'patch:b': '2', image: 'x' })).toEqual({
      added: [{ key: 'patch:b', value: '2' }],
      removed: [{ key: 'patch:a', value: '1' }],
      changed: [{ key: 'spec', old: 'aaa', new: 'bbb' }],
    });
    expect(diffInputs({ a: '1' }, { a: '1' })).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('explainStep', () => {
  const rec = (key: string, inputs: Record<string, string>) => ({ key, inputs, provenance: { durationMs: 1 } }) as unknown as ActionRecord;
  it('is a hit with the record, a miss with the diff against the latest build, or never built', async () => {
    const k1 = cacheKey({ v: 1 });
    const k2 = cacheKey({ v: 2 });
    const cache = {
      lookup: async (k: string) => (k === k1 ? rec(k1, { spec: 'one' }) : undefined),
      latestFor: async (s: string) => (s === 'rpm:a' ? rec(k1, { spec: 'one' }) : undefined),
    };
    expect((await explainStep(cache, 'rpm:a', { key: k1, inputs: { spec: 'one' } })).status).toBe('hit');
    const miss = await explainStep(cache, 'rpm:a', { key: k2, inputs: { spec: 'two' } });
    expect(miss).toMatchObject({ status: 'miss', diff: { changed: [{ key: 'spec', old: 'one', new: 'two' }] } });
    expect((await explainStep(cache, 'rpm:b', { key: k2, inputs: {} })).status).toBe('never-built');
  });
});

describe('plan file', () => {
  it('reads steps with keys and inputs, and is undefined when absent', async () => {
    const stage = await mkdtemp(path.join(tmpdir(), 'pb-plan-'));
    expect(await readPlanFile(stage)).toBeUndefined();
    await mkdir(path.join(stage, '.photon-build'));
    const key = cacheKey({ x: 1 });
    await writeFile(path.join(stage, '.photon-build/plan.json'), JSON.stringify({
      target: 'iso',
      steps: [{ id: 'rpm:glibc', kind: 'rpm', key, inputs: { spec: 's' } }, { id: 'rpm:glibc-devel-tools', key: null, inputs: null }],
    }));
    const steps = (await readPlanFile(stage))!;
    expect(steps[0]).toEqual({ id: 'rpm:glibc', kind: 'rpm', key, inputs: { spec: 's' } });
    expect(steps[1]).toEqual({ id: 'rpm:glibc-devel-tools' });
    expect(matchSteps(steps, 'glibc').map((s) => s.id)).toEqual(['rpm:glibc']);
    const nvr = [{ id: 'rpm:glibc-2.36-1.ph5' }, { id: 'rpm:glibc-devel-2.36-1.ph5' }, { id: 'rootfs:packages_minimal.json' }];
    expect(matchSteps(nvr, 'glibc').map((s) => s.id)).toEqual(['rpm:glibc-2.36-1.ph5']);
    expect(matchSteps(nvr, 'glibc-devel').map((s) => s.id)).toEqual(['rpm:glibc-devel-2.36-1.ph5']);
    expect(matchSteps(nvr, 'packages_minimal.json').map((s) => s.id)).toEqual(['rootfs:packages_minimal.json']);
    expect(matchSteps(steps, 'rpm:glibc-devel-tools').map((s) => s.id)).toEqual(['rpm:glibc-devel-tools']);
    await writeFile(path.join(stage, '.photon-build/plan.json'), '{"steps": 3}');
    await expect(readPlanFile(stage)).rejects.toThrow(/no steps array/);
  });
});

describe('cache config', () => {
  it('resolves the cache dir: flag, then env, then the package default', () => {
    expect(resolveCacheDir('c', { PHOTON_BUILD_CACHE_DIR: '/e' }, '/w')).toBe('/w/c');
    expect(resolveCacheDir(undefined, { PHOTON_BUILD_CACHE_DIR: '/e' }, '/w')).toBe('/e');
    expect(resolveCacheDir(undefined, {}, '/w')).toBe(DEFAULT_CACHE_DIR);
  });
  it('parses sizes and ages', () => {
    expect(parseSize('10G')).toBe(10 * 1024 ** 3);
    expect(parseSize('512MiB')).toBe(512 * 1024 ** 2);
    expect(parseSize('1000')).toBe(1000);
    expect(() => parseSize('ten')).toThrow(/must be a size/);
    expect(parseAge('30d')).toBe(30 * 86_400_000);
    expect(parseAge('12h')).toBe(12 * 3_600_000);
    expect(() => parseAge('30')).toThrow(/must be an age/);
  });
});
