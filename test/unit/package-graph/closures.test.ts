import { describe, expect, it } from 'vitest';
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
});
