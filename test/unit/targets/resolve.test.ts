import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PhotonBuildError } from '../../../src/errors.js';
import { loadCatalogue } from '../../../src/targets/load.js';
import { editDistance, requireTarget, resolveTarget, suggestTargets } from '../../../src/targets/resolve.js';
import { listTargets, normalizeGroup, targetJson } from '../../../src/targets/listing.js';
import type { TargetCatalogue } from '../../../src/targets/types.js';

let real: TargetCatalogue;
let small: TargetCatalogue;
beforeAll(async () => {
  real = await loadCatalogue();
  small = await loadCatalogue(path.resolve(import.meta.dirname, '../../fixtures/targets/valid'));
});

describe('resolveTarget', () => {
  it('finds names and aliases', () => {
    expect(resolveTarget(real, 'iso')).toMatchObject({ kind: 'target', target: { name: 'iso' } });
    expect(resolveTarget(real, 'rpi3')).toMatchObject({ kind: 'target', target: { name: 'rpi' } });
    expect(resolveTarget(real, 'check')).toMatchObject({ kind: 'target', target: { name: 'check-packages' } });
  });

  it('suggests at most three close names for a typo, nearest first', () => {
    const found = resolveTarget(real, 'isoo');
    expect(found.kind).toBe('unknown');
    if (found.kind !== 'unknown') return;
    expect(found.suggestions[0]).toBe('iso');
    expect(found.suggestions.length).toBeLessThanOrEqual(3);
    expect(suggestTargets(real, 'pakages')[0]).toBe('packages');
    expect(suggestTargets(real, 'ova-uefi')).toContain('ova_uefi');
  });

  it('suggests nothing for a name far from every target, and never an internal one', () => {
    expect(suggestTargets(real, 'frobnicate-the-widget')).toEqual([]);
    expect(suggestTargets(real, 'rpm-env')).not.toContain('rpm-env');
    expect(suggestTargets(small, 'helpr')).toEqual([]);
  });

  it('requireTarget throws the unknown-target error with the suggestions', () => {
    expect(() => requireTarget(real, 'isoo')).toThrow(PhotonBuildError);
    try {
      requireTarget(real, 'isoo');
    } catch (e) {
      expect((e as PhotonBuildError).reason).toBe('unknown-target');
      expect((e as PhotonBuildError).exitCode).toBe(2);
      expect((e as PhotonBuildError).oneLine()).toMatch(/^unknown target 'isoo'; did you mean: iso/);
    }
  });

  it('editDistance is Levenshtein', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('iso', 'iso')).toBe(0);
  });
});

describe('listing', () => {
  it('normalises YAML and build.py group names', () => {
    expect(normalizeGroup('rpmBuild')).toBe('rpm-build');
    expect(normalizeGroup('buildenvironment')).toBe('build-environment');
    expect(normalizeGroup('tool-checkup')).toBe('tool-checkup');
    expect(normalizeGroup('images')).toBeUndefined();
  });

  it('filters by group, hides internal targets unless asked', () => {
    expect(listTargets(small).map((t) => t.name)).toEqual(['iso', 'packages', 'create-repo', 'packages-cached', 'check-pre-reqs']);
    expect(listTargets(small, { all: true }).map((t) => t.name)).toContain('helper');
    expect(listTargets(real, { group: 'cleanup' }).every((t) => t.group === 'cleanup')).toBe(true);
  });

  it('shapes the JSON record with the documented keys', () => {
    const json = targetJson(real.targets.get('rpi')!);
    expect(Object.keys(json).slice(0, 8)).toEqual(['name', 'group', 'aliases', 'description', 'dependsOn', 'packageLists', 'outputs', 'steps']);
    expect(json).toMatchObject({ name: 'rpi', group: 'image', aliases: ['rpi3'], arch: 'aarch64', format: 'rpi' });
    expect(targetJson(small.targets.get('packages-cached')!)).toMatchObject({ chosenByEnv: 'PHOTON_CACHE_PATH', insteadOf: ['packages'] });
  });
});
