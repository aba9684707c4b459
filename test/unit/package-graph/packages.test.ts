import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTree } from '../../../src/tree/load.js';
import { loadSpecs } from '../../../src/specs/load.js';
import { parseSpec } from '../../../src/specs/parse.js';
import { resolvePackageGraph, specKey } from '../../../src/graph/packages.js';
import { packageGraphJson } from '../../../src/graph/package-json.js';
import { rpmvercmp } from '../../../src/graph/package-version.js';
import { PhotonBuildError } from '../../../src/errors.js';
import type { PhotonTree } from '../../../src/tree/types.js';
import type { SpecIndex } from '../../../src/specs/types.js';

const SMALL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/trees/small');
let tree: PhotonTree;
let index: SpecIndex;
beforeAll(async () => {
  tree = await loadTree({ dir: SMALL, env: {} });
  index = await loadSpecs(tree, 'x86_64');
});

const G = '2.38-2.ph5';
const keys = (specs: readonly { name: string; version: string; release: string }[]) => specs.map((s) => `${s.name}-${s.version}-${s.release}`);

function inlineIndex(texts: Record<string, string>): SpecIndex {
  const specs = Object.entries(texts).map(([name, body]) =>
    parseSpec(`Name: ${name}\nVersion: 1\nRelease: 1\n${body}\n%description\nd\n%files\n`, { file: `/virtual/${name}.spec`, relPath: `${name}.spec`, arch: 'x86_64' }),
  );
  return { arch: 'x86_64', specs, skipped: [] };
}

function thrown(f: () => unknown): PhotonBuildError {
  try {
    f();
  } catch (e) {
    if (e instanceof PhotonBuildError) return e;
    throw e;
  }
  throw new Error('expected a PhotonBuildError');
}

describe('resolvePackageGraph on the small fixture tree', () => {
  it('builds every spec except extra-packages-list ones, dependencies first', () => {
    const g = resolvePackageGraph(index, tree, { lists: 'all-specs' });
    const order = keys(g.specs);
    expect(order).not.toContain('docs-1-1.ph5');
    expect(order[0]).toBe(`glibc-${G}`);
    expect(order.indexOf('bash-5.2-1.ph5')).toBeLessThan(order.indexOf('tool-1.0-1.ph5'));
    expect(order.indexOf('libfoo-1.9-3.ph5')).toBeLessThan(order.indexOf('hello-2.12-1.ph5'));
    expect(keys(resolvePackageGraph(index, tree, { lists: 'all-specs', includeExtra: true }).specs)).toContain('docs-1-1.ph5');
  });

  it('chains stage 1, puts stage 2 on stage 1, and everything else on the whole toolchain', () => {
    const g = resolvePackageGraph(index, tree, { lists: 'all-specs' });
    expect(g.toolchain.stage1).toEqual([`glibc-${G}`, 'bash-5.2-1.ph5']);
    expect(g.toolchain.stage2).toEqual(['tool-1.0-1.ph5']);
    expect(g.buildDeps.get(`glibc-${G}`)).toEqual([]);
    expect(g.buildDeps.get('bash-5.2-1.ph5')).toEqual([`glibc-${G}`]);
    expect(g.buildDeps.get('tool-1.0-1.ph5')).toEqual(['bash-5.2-1.ph5', `glibc-${G}`]);
    expect(g.buildDeps.get('hello-2.12-1.ph5')).toEqual(['bash-5.2-1.ph5', `glibc-${G}`, 'libfoo-1.9-3.ph5', 'tool-1.0-1.ph5']);
  });

  it('resolves versioned BuildRequires to the highest version that matches (rpmvercmp)', () => {
    expect(rpmvercmp('1.10', '1.9')).toBe(1);
    const g = resolvePackageGraph(index, tree, { lists: 'all-specs' });
    // libfoo-devel < 1.10 picks the old spec; foo-api >= 2 (a Provides) picks the new one.
    expect(g.buildRootPackages('hello-2.12-1.ph5')).toEqual(['bash', 'glibc', 'glibc-libs', 'libfoo', 'libfoo-devel', 'tool']);
    expect(g.installClosure(['hello'])).toEqual(['bash', 'blue-theme', 'glibc', 'hello', 'libfoo']);
    const runtime = g.model.requiresRefs(g.model.providers.refs.get('hello-2.12-1.ph5/hello')!).map((r) => r.specKey);
    expect(runtime).toEqual(['bash-5.2-1.ph5', 'libfoo-1.10-1.ph5', 'hello-2.12-1.ph5']);
  });

  it('selects package-list entries plus per-arch entries and their closure', () => {
    const g = resolvePackageGraph(index, tree, { lists: ['packages_minimal.json'] });
    expect(g.roots).toEqual(['hello-2.12-1.ph5', 'tool-1.0-1.ph5']);
    expect(keys(g.specs).sort()).toEqual(['bash-5.2-1.ph5', `glibc-${G}`, 'hello-2.12-1.ph5', 'libfoo-1.10-1.ph5', 'libfoo-1.9-3.ph5', 'tool-1.0-1.ph5']);
  });

  it('gives stage-1 build roots only the earlier stage-1 packages', () => {
    const g = resolvePackageGraph(index, tree, { lists: [] });
    expect(g.buildRootPackages(`glibc-${G}`)).toEqual([]);
    expect(g.buildRootPackages('bash-5.2-1.ph5')).toEqual(['glibc', 'glibc-libs']);
  });

  it('packageGraphJson lists each spec with sorted dependency names', () => {
    const g = resolvePackageGraph(index, tree, { lists: ['minimal'] });
    const json = packageGraphJson(g, 'minimal-iso');
    expect(json.target).toBe('minimal-iso');
    expect(json.arch).toBe('x86_64');
    const hello = json.packages.find((p) => p.name === 'hello')!;
    expect(hello).toEqual({
      name: 'hello',
      version: '2.12',
      release: '1.ph5',
      subpackages: ['hello', 'blue-theme'],
      buildRequires: ['libfoo-devel', 'nonexistent-thing'],
      requires: ['/bin/sh', 'foo-api'],
    });
    expect(json.packages).toHaveLength(g.specs.length);
  });
});

describe('resolvePackageGraph errors', () => {
  it('reports a build-time cycle with its path and file', () => {
    const idx = inlineIndex({ a: 'BuildRequires: b', b: 'BuildRequires: a' });
    const e = thrown(() => resolvePackageGraph(idx, { ...tree, config: { ...tree.config, toolchainStage1: [], toolchainStage2: [] } }, { lists: 'all-specs' }));
    expect(e.reason).toBe('cycle');
    expect(e.message).toBe('build-time cycle: a-1-1 -> b-1-1 -> a-1-1');
    expect(e.location?.file).toBe('/virtual/a.spec');
  });

  it('reports a missing dependency with file and line', () => {
    const idx = inlineIndex({ hello: 'Requires: libfoo' });
    const e = thrown(() => resolvePackageGraph(idx, { ...tree, config: { ...tree.config, toolchainStage1: [], toolchainStage2: [] } }, { lists: 'all-specs' }));
    expect(e.reason).toBe('missing-dependency');
    expect(e.oneLine()).toBe("/virtual/hello.spec:4: hello requires 'libfoo' which no spec provides");
  });

  it('reports an unknown package-list entry naming the list file and the entry', () => {
    const list = { name: 'packages_bad', file: '/t/common/data/packages_bad.json', packages: ['nope'], perArch: {} };
    const bad = { ...tree, packageLists: new Map([...tree.packageLists, ['packages_bad', list]]) };
    const e = thrown(() => resolvePackageGraph(index, bad, { lists: ['packages_bad'] }));
    expect(e.reason).toBe('missing-dependency');
    expect(e.oneLine()).toBe("/t/common/data/packages_bad.json: nope: package list entry 'nope' is not a package of any spec");
  });

  it('reports an unknown toolchain name against its source', () => {
    const bad = { ...tree, config: { ...tree.config, toolchainStage1: ['gcc'] } };
    const e = thrown(() => resolvePackageGraph(index, bad, { lists: [] }));
    expect(e.message).toContain("toolchain package 'gcc'");
    expect(e.location?.file).toMatch(/constants\.py$/);
  });

  it('specKey is name-version-release', () => {
    expect(specKey(index.specs[0]!)).toMatch(/^[a-z0-9]+-[\d.]+-[\d.a-z]+$/);
  });
});
