// The target DAG over the real catalogue (reference edge list, §1.3) and over generated
// catalogues (closure order respects every edge).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCycle } from '../../../src/graph/dag.js';
import { applyEnvVariants, orderingEdges, targetClosure, targetEdges, targetGraph, variantOf } from '../../../src/graph/targets.js';
import { PhotonBuildError } from '../../../src/errors.js';
import { loadCatalogue } from '../../../src/targets/load.js';
import type { TargetCatalogue, TargetDefinition } from '../../../src/targets/types.js';

let catalogue: TargetCatalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});

const IMAGES = ['iso', 'ami', 'gce', 'azure', 'rpi', 'ova', 'src-iso', 'ls1012afrwy', 'photon-docker-image', 'k8s-docker-images', 'all-images', 'minimal-iso', 'basic-iso', 'rt-iso'];
const deps = (from: string): string[] =>
  targetEdges(catalogue, from)
    .filter((e) => e.from === from && e.kind === 'depends-on')
    .map((e) => e.to);

describe('target graph of the real catalogue', () => {
  it('gives iso the reference edges', () => {
    expect(deps('iso')).toEqual(['rpm-env', 'photon-stage', 'packages', 'create-repo', 'ostree-repo']);
    const edges = targetEdges(catalogue, 'iso');
    const has = (from: string, to: string): boolean => edges.some((e) => e.from === from && e.to === to && e.kind === 'depends-on');
    expect(has('ostree-repo', 'create-repo')).toBe(true);
    expect(has('rpm-env', 'check-spec-files')).toBe(true);
    expect(has('rpm-env', 'generate-dep-lists')).toBe(true);
    expect(has('rpm-env', 'publish-x-rpms')).toBe(true);
    expect(has('check-pre-reqs', 'initialize-constants')).toBe(true);
    const nodes = targetClosure(catalogue, 'iso').map((t) => t.name);
    for (const n of ['packages', 'create-repo', 'ostree-repo', 'photon-stage', 'check-pre-reqs', 'sources', 'publish-rpms', 'tool-chain-stage1', 'tool-chain-stage2']) {
      expect(nodes).toContain(n);
    }
  });

  it('matches the reference edges of the other iso-family images and aggregates', () => {
    expect(deps('minimal-iso')).toEqual(['rpm-env', 'photon-stage', 'packages-minimal', 'packages-initrd', 'create-repo']);
    expect(deps('rt-iso')).toEqual(['rpm-env', 'photon-stage', 'packages-rt', 'packages-initrd', 'create-repo', 'ostree-repo']);
    expect(deps('all-images')).toEqual(['ami', 'gce', 'azure', 'ova']);
    expect(deps('k8s-docker-images')).toContain('photon-docker-image');
    expect(deps('clean')).toEqual(expect.arrayContaining(['clean-install', 'clean-chroot']));
  });

  it('orders create-repo after the package build and ostree-repo after create-repo', () => {
    const order = targetClosure(catalogue, 'iso').map((t) => t.name);
    expect(order.indexOf('packages')).toBeLessThan(order.indexOf('create-repo'));
    expect(order.indexOf('create-repo')).toBeLessThan(order.indexOf('ostree-repo'));
    expect(order.at(-1)).toBe('iso');
    expect(targetEdges(catalogue, 'iso')).toContainEqual({ from: 'create-repo', to: 'packages', kind: 'after' });
  });

  it('does not pull in targets through after edges', () => {
    expect(targetClosure(catalogue, 'create-repo').map((t) => t.name)).not.toContain('packages');
  });

  it('all includes every image target', () => {
    const names = targetClosure(catalogue, 'all').map((t) => t.name);
    for (const image of IMAGES) expect(names, image).toContain(image);
  });

  it('has no cycle, and every closure lists dependencies first', () => {
    expect(findCycle(orderingEdges(catalogue))).toBeUndefined();
    for (const t of catalogue.targets.values()) {
      const order = targetClosure(catalogue, t.name).map((d) => d.name);
      const position = new Map(order.map((n, i) => [n, i]));
      for (const e of targetEdges(catalogue, t.name)) expect(position.get(e.to)!).toBeLessThan(position.get(e.from)!);
    }
  });

  it('resolves aliases at the root and is deterministic', () => {
    expect(targetGraph(catalogue, 'rpi3').root).toBe('rpi');
    expect(targetClosure(catalogue, 'all')).toEqual(targetClosure(catalogue, 'all'));
    expect(() => targetClosure(catalogue, 'isoo')).toThrow(PhotonBuildError);
  });

  it('swaps in *-cached variants when their variable is set', () => {
    const env = { PHOTON_CACHE_PATH: '/cache', PHOTON_SOURCES_PATH: '/src', PHOTON_PUBLISH_RPMS_PATH: '' };
    const swapped = applyEnvVariants(catalogue, env);
    const names = targetClosure(swapped, 'iso').map((t) => t.name);
    expect(names).toContain('packages-cached');
    expect(names).not.toContain('packages');
    expect(names).toContain('sources-cached');
    expect(names).not.toContain('sources');
    expect(names).toContain('publish-rpms'); // empty variable: not chosen
    expect(variantOf(catalogue, 'packages-minimal', env)).toBe('packages-cached');
    expect(variantOf(catalogue, 'packages-initrd', env)).toBe('packages-initrd');
    expect(applyEnvVariants(catalogue, {})).toBe(catalogue);
  });
});

describe('targetClosure on generated catalogues', () => {
  const def = (name: string, dependsOn: string[], after: string[]): TargetDefinition => ({
    name, group: 'utilities', description: name, dependsOn, aliases: [], packageLists: [], outputs: [], steps: [], file: 'gen.yaml', line: 1,
    ...(after.length > 0 ? { after } : {}),
  });
  // Edges only point at lower indexes, so every generated catalogue is acyclic.
  const arbCatalogue = fc.integer({ min: 1, max: 25 }).chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 60 }),
    ),
  );

  it('puts every dependency and every present after-target first', () => {
    fc.assert(
      fc.property(arbCatalogue, fc.nat(), ([n, raw], rootPick) => {
        const dependsOn = Array.from({ length: n }, () => new Set<string>());
        const after = Array.from({ length: n }, () => new Set<string>());
        for (const [a, b, ordering] of raw) {
          const hi = a % n;
          const lo = b % n;
          if (lo >= hi) continue;
          (ordering ? after : dependsOn)[hi]!.add(`t${lo}`);
        }
        const targets = new Map<string, TargetDefinition>(Array.from({ length: n }, (_, i) => [`t${i}`, def(`t${i}`, [...dependsOn[i]!], [...after[i]!])]));
        const cat: TargetCatalogue = { targets, aliases: new Map() };
        const root = `t${rootPick % n}`;
        const order = targetClosure(cat, root).map((t) => t.name);
        expect(new Set(order).size).toBe(order.length);
        expect(order.at(-1)).toBe(root);
        const pos = new Map(order.map((x, i) => [x, i]));
        for (const name of order) {
          for (const d of targets.get(name)!.dependsOn) expect(pos.get(d)!).toBeLessThan(pos.get(name)!);
          for (const d of targets.get(name)!.after ?? []) if (pos.has(d)) expect(pos.get(d)!).toBeLessThan(pos.get(name)!);
        }
      }),
    );
  });
});
