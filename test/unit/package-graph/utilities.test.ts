import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTree } from '../../../src/tree/load.js';
import { loadSpecs } from '../../../src/specs/load.js';
import { ProviderIndex } from '../../../src/graph/package-resolve.js';
import { DependencyModel } from '../../../src/graph/package-model.js';
import { expandPackages, requiresTree, upwardDeps, whoNeeds } from '../../../src/graph/package-utilities.js';

const SMALL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/trees/small');
let model: DependencyModel;
beforeAll(async () => {
  const tree = await loadTree({ dir: SMALL, env: {} });
  model = new DependencyModel(new ProviderIndex((await loadSpecs(tree, 'x86_64')).specs));
});

describe('dependency utilities', () => {
  it('expands a list into an install order, deepest dependencies first', () => {
    const { entries, unknown } = expandPackages(model, ['docs', 'missing']);
    expect(unknown).toEqual(['missing']);
    const order = entries.map((e) => e.name);
    expect(order[order.length - 1]).toBe('docs');
    expect(order.indexOf('glibc')).toBeLessThan(order.indexOf('bash'));
    expect(order.indexOf('bash')).toBeLessThan(order.indexOf('hello'));
    expect(entries.find((e) => e.name === 'hello')).toEqual({ name: 'hello', level: 1, parent: 'docs' });
  });

  it('who-needs lists direct runtime dependents only', () => {
    expect(whoNeeds(model, 'bash')).toEqual(['hello', 'tool']);
    expect(whoNeeds(model, 'hello')).toEqual(['docs']);
  });

  it('print-upward-deps follows build and runtime edges transitively', () => {
    expect(upwardDeps(model, ['libfoo.spec'])).toEqual(['docs-1-1.ph5', 'hello-2.12-1.ph5']);
    expect(upwardDeps(model, ['tool.spec'])).toEqual(['docs-1-1.ph5', 'hello-2.12-1.ph5']);
    expect(() => upwardDeps(model, ['nope.spec'])).toThrow(/no spec file named 'nope.spec'/);
  });

  it('pkgtree prints each package once and marks repeats', () => {
    const tree = requiresTree(model, 'tool');
    expect(tree).toEqual([
      { name: 'tool', depth: 0, repeated: false },
      { name: 'bash', depth: 1, repeated: false },
      { name: 'glibc', depth: 2, repeated: false },
    ]);
  });
});
