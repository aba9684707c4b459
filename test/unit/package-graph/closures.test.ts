import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSpec } from '../../../src/specs/parse.js';
import { ProviderIndex } from '../../../src/graph/package-resolve.js';
import { DependencyModel } from '../../../src/graph/package-model.js';
import { buildOrder } from '../../../src/graph/package-order.js';
import { PhotonBuildError } from '../../../src/errors.js';

function model(texts: Record<string, string>): DependencyModel {
  const specs = Object.entries(texts).map(([name, body]) =>
    parseSpec(`Name: ${name}\nVersion: 1\nRelease: 1\n${body}\n%description\nd\n%files\n`, { file: `/virtual/${name}.spec`, relPath: `${name}.spec`, arch: 'x86_64' }),
  );
  return new DependencyModel(new ProviderIndex(specs));
}

describe('runtime closures over Requires cycles', () => {
  it('gives every member of a Requires cycle the whole cycle plus what it reaches, sorted', () => {
    const m = model({
      app: 'BuildRequires: c1',
      c1: 'Requires: c2',
      c2: 'Requires: c3 leaf',
      c3: 'Requires: c1',
      leaf: '',
      other: 'BuildRequires: c3',
    });
    expect(m.buildClosureSpecs('app-1-1')).toEqual(['c1-1-1', 'c2-1-1', 'c3-1-1', 'leaf-1-1']);
    expect(m.buildClosureSpecs('other-1-1')).toEqual(['c1-1-1', 'c2-1-1', 'c3-1-1', 'leaf-1-1']);
    // A spec in the cycle does not list itself.
    expect(m.buildClosureSpecs('c2-1-1')).toEqual([]);
    expect(m.runtimeSpecs('c2-1-1')).toEqual(['c3-1-1', 'leaf-1-1']);
  });

  it('reports an unresolvable Requires met on the walk, and stays usable afterwards', () => {
    const m = model({ a: 'BuildRequires: b', b: 'Requires: c', c: 'Requires: nowhere', d: 'BuildRequires: e', e: '' });
    expect(() => m.buildClosureSpecs('a-1-1')).toThrow(PhotonBuildError);
    expect(() => m.buildClosureSpecs('a-1-1')).toThrow(/c requires 'nowhere'/);
    expect(m.buildClosureSpecs('d-1-1')).toEqual(['e-1-1']);
  });
});

describe('buildOrder', () => {
  it('takes the smallest ready number first, like a sorted ready list', () => {
    // 3 needs 0; 1 needs 3; 2 needs nothing; edges to 9 (not a node) are ignored.
    expect(buildOrder([0, 1, 2, 3], [[], [3], [9], [0]], 10)).toEqual([0, 2, 3, 1]);
  });

  it('returns undefined on a cycle', () => {
    expect(buildOrder([0, 1], [[1], [0]], 2)).toBeUndefined();
  });

  it('orders a group edge exactly like edges to every member, members outside the nodes included', () => {
    // 0..5 are nodes, 6 is not; group {1, 2, 6} is number 7.
    const full = [[], [0], [], [1, 2], [1, 2, 3], [0, 1, 2]];
    const grouped = [[], [0], [], [7], [7, 3], [0, 7]];
    const nodes = [0, 1, 2, 3, 4, 5];
    expect(buildOrder(nodes, grouped, 7, [[1, 2, 6]])).toEqual(buildOrder(nodes, full, 7));
    expect(buildOrder(nodes, full, 7)).toEqual([0, 1, 2, 3, 4, 5]);
    // A group none of whose members is a node completes at once.
    expect(buildOrder([0], [[2], []], 2, [[1]])).toEqual([0]);
    // A member on a cycle never completes the group: still undefined.
    expect(buildOrder([0, 1, 2], [[1], [0], [3]], 3, [[0]])).toBeUndefined();
  });

  it('gives the same order with a group as with the full edges, on random graphs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((count) =>
          fc.record({
            count: fc.constant(count),
            // deps of n are drawn below n (a DAG) unless the rare back edge makes a cycle
            deps: fc.array(fc.array(fc.nat(count - 1), { maxLength: 6 }), { minLength: count, maxLength: count }),
            group: fc.uniqueArray(fc.nat(count - 1), { maxLength: 8 }),
            dropped: fc.uniqueArray(fc.nat(count - 1), { maxLength: 3 }),
            cyclic: fc.boolean(),
          }),
        ),
        ({ count, deps, group, dropped, cyclic }) => {
          const nodes = [...Array(count).keys()].filter((n) => !dropped.includes(n));
          const full = deps.map((list, n) => [...new Set(list.filter((d) => cyclic || d < n).filter((d) => d !== n))]);
          const groupSet = new Set(group);
          // Specs that need every member (other than themselves) may list the group instead.
          const grouped = full.map((list, n) => {
            if (groupSet.has(n) || !group.every((g) => list.includes(g)) || group.length === 0) return list;
            return [...list.filter((d) => !groupSet.has(d)), count];
          });
          const withMembers = full.map((list, n) => (groupSet.has(n) || group.length === 0 ? list : [...new Set([...list, ...group])]));
          const groupedAll = withMembers.map((list, n) => (groupSet.has(n) || group.length === 0 ? list : [...list.filter((d) => !groupSet.has(d)), count]));
          expect(buildOrder(nodes, grouped, count, [group])).toEqual(buildOrder(nodes, full, count));
          expect(buildOrder(nodes, groupedAll, count, [group])).toEqual(buildOrder(nodes, withMembers, count));
        },
      ),
      { numRuns: 300 },
    );
  });
});
