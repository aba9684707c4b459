import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTree } from '../../../src/tree/load.js';
import { loadSpecs } from '../../../src/specs/load.js';
import { ParseCache, parseCacheDirFor, parseCacheFile, type ParseCacheReport } from '../../../src/specs/parse-cache.js';
import { PhotonBuildError } from '../../../src/errors.js';
import type { SpecIndex } from '../../../src/specs/types.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const SMALL = path.join(FIXTURES, 'trees/small');
const SAMPLE = path.resolve(FIXTURES, '../../examples/sample-tree');

let work: string;
let treeDir: string;
let cacheDir: string;

const INCLUDING = `Name: inc
Version: 1.0
Release: 1%{?dist}
License: MIT
Summary: s
%include %{_sourcedir}/common.inc
%description
d
%files
`;

/** The small fixture tree plus a spec with an %include and a kernel template, in a temp dir. */
function makeTree(): void {
  cpSync(SMALL, treeDir, { recursive: true });
  mkdirSync(path.join(treeDir, 'SPECS/inc'), { recursive: true });
  writeFileSync(path.join(treeDir, 'SPECS/inc/inc.spec'), INCLUDING);
  writeFileSync(path.join(treeDir, 'SPECS/inc/common.inc'), 'BuildRequires: glibc-devel\n');
  mkdirSync(path.join(treeDir, 'SPECS/linux'), { recursive: true });
  writeFileSync(path.join(treeDir, 'SPECS/linux/linux.spec'), 'Name: linux\nVersion: 6.1.10\nRelease: 3%{?dist}\nLicense: GPL\nSummary: k\n%description\nd\n%files\n');
  mkdirSync(path.join(treeDir, 'SPECS/drv'), { recursive: true });
  writeFileSync(path.join(treeDir, 'SPECS/drv/drv.spec.in'), 'Name: drv\nVersion: 1\nRelease: %{KERNEL_RELEASE}\nLicense: GPL\nSummary: d\nRequires: linux = %{KERNEL_VERSION}\n%description\nd\n%files\n');
  mkdirSync(path.join(treeDir, 'tools/scripts'), { recursive: true });
  writeFileSync(path.join(treeDir, 'tools/scripts/create-kernel-deps-specs-from-template.sh'), '#!/bin/bash\ncreate_specs "linux"\n');
}

async function load(dir = treeDir, withCache = true): Promise<{ index: SpecIndex; report?: ParseCacheReport }> {
  const tree = await loadTree({ dir, env: {} });
  let report: ParseCacheReport | undefined;
  const index = await loadSpecs(tree, 'x86_64', withCache ? { parseCacheDir: cacheDir, onParseCache: (r) => (report = r) } : {});
  return report ? { index, report } : { index };
}

const uncached = async (dir = treeDir) => (await load(dir, false)).index;
const cacheFile = () => parseCacheFile(cacheDir, treeDir, 'x86_64');
const edit = (rel: string, f: (text: string) => string) => writeFileSync(path.join(treeDir, rel), f(readFileSync(path.join(treeDir, rel), 'utf8')));

beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'pb-parse-cache-'));
  treeDir = path.join(work, 'tree');
  cacheDir = path.join(work, 'cache', 'specs');
  makeTree();
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('parse cache', () => {
  it('parses everything the first time, then serves every spec from the cache', async () => {
    const first = await load();
    const n = first.index.specs.length + first.index.skipped.length;
    expect(first.index.specs.map((s) => s.relPath)).toContain('drv/drv-6.1.10.spec');
    expect(first.report).toMatchObject({ loaded: 'absent', hits: 0, misses: n, written: true });
    const second = await load();
    expect(second.report).toMatchObject({ loaded: 'ok', hits: n, misses: 0, written: false });
    const expected = await uncached();
    expect(first.index).toStrictEqual(expected);
    expect(second.index).toStrictEqual(expected);
  });

  it('gives the same SpecIndex as no cache on the sample tree, cold and warm', async () => {
    cacheDir = path.join(work, 'sample-cache');
    const expected = await uncached(SAMPLE);
    expect((await load(SAMPLE)).index).toStrictEqual(expected);
    const warm = await load(SAMPLE);
    expect(warm.report?.misses).toBe(0);
    expect(warm.index).toStrictEqual(expected);
  });

  it('reparses a spec whose text changed, and only that one', async () => {
    await load();
    edit('SPECS/libfoo/libfoo.spec', (t) => t.replace(/^Release:.*$/m, 'Release: 7%{?dist}'));
    const { index, report } = await load();
    expect(report).toMatchObject({ misses: 1, written: true });
    expect(index.specs.find((s) => s.relPath === 'libfoo/libfoo.spec')?.release).toBe('7.ph5');
    expect(index).toStrictEqual(await uncached());
    expect((await load()).report).toMatchObject({ misses: 0, written: false });
  });

  it("reparses a spec whose %include'd file changed", async () => {
    await load();
    writeFileSync(path.join(treeDir, 'SPECS/inc/common.inc'), 'BuildRequires: bash\n');
    const { index, report } = await load();
    expect(report?.misses).toBe(1);
    expect(index.specs.find((s) => s.name === 'inc')?.buildRequires.map((d) => d.name)).toEqual(['bash']);
    expect(index).toStrictEqual(await uncached());
  });

  it("fails like a fresh parse when an %include'd file is gone, not with the cached result", async () => {
    await load();
    rmSync(path.join(treeDir, 'SPECS/inc/common.inc'));
    await expect(load()).rejects.toThrow(PhotonBuildError);
    await expect(load()).rejects.toThrow(/common\.inc/);
  });

  it('reparses every spec when the dist tag changes', async () => {
    const before = await load();
    edit('build-config.json', (t) => t.replace('".ph5"', '".ph6"'));
    const { index, report } = await load();
    expect(report).toMatchObject({ loaded: 'other-key', hits: 0, misses: before.report!.misses, written: true });
    expect(index.specs.find((s) => s.name === 'libfoo')?.release).toMatch(/\.ph6$/);
    expect(index).toStrictEqual(await uncached());
  });

  it('reparses the spec whose pkg_build_options macros changed, and only that one', async () => {
    await load();
    edit('common/data/pkg_build_options.json', (t) => t.replace('hello_flavour blue', 'hello_flavour red'));
    const { index, report } = await load();
    expect(report?.misses).toBe(1);
    expect(index.specs.find((s) => s.name === 'hello')?.subpackages.map((p) => p.name)).toContain('red-theme');
    expect(index).toStrictEqual(await uncached());
  });

  it('keys a rendered template by its rendered text', async () => {
    await load();
    // Same rendered file name, new text: linux.spec itself and the rendering miss.
    edit('SPECS/linux/linux.spec', (t) => t.replace('Release: 3', 'Release: 4'));
    const { index, report } = await load();
    expect(report?.misses).toBe(2);
    const drv = index.specs.find((s) => s.name === 'drv');
    expect(drv).toMatchObject({ relPath: 'drv/drv-6.1.10.spec', release: '4.ph5', template: 'drv/drv.spec.in' });
    expect(index).toStrictEqual(await uncached());
    // The template's own text changes only its rendering.
    edit('SPECS/drv/drv.spec.in', (t) => t.replace('Version: 1', 'Version: 2'));
    const again = await load();
    expect(again.report?.misses).toBe(1);
    expect(again.index.specs.find((s) => s.name === 'drv')?.version).toBe('2');
    expect(again.index).toStrictEqual(await uncached());
  });

  it('drops entries of removed specs from the file', async () => {
    const first = await load();
    rmSync(path.join(treeDir, 'SPECS/docs'), { recursive: true });
    expect((await load()).report).toMatchObject({ misses: 0, written: true });
    expect((await load()).report).toMatchObject({ hits: first.report!.misses - 1, misses: 0, written: false });
  });

  it('ignores a corrupt cache file and reparses, then repairs it', async () => {
    await load();
    const good = readFileSync(cacheFile());
    const expected = await uncached();
    const newline = good.indexOf(10);
    const flipped = Buffer.from(good);
    flipped[newline + 20] = flipped[newline + 20]! ^ 1;
    const validButWrong = JSON.stringify([{ relPath: 'hello/hello.spec', hash: 'x', includes: 'nope', spec: null }]);
    for (const bad of [Buffer.from('not json at all'), good.subarray(0, good.length - 100), flipped, Buffer.alloc(0), Buffer.from(`{"format":1}\n${validButWrong}`)]) {
      writeFileSync(cacheFile(), bad);
      const { index, report } = await load();
      expect(report).toMatchObject({ loaded: 'corrupt', hits: 0, written: true });
      expect(index).toStrictEqual(expected);
      expect((await load()).report).toMatchObject({ loaded: 'ok', misses: 0 });
    }
  });

  it('skips entries that fail validation even under a matching header digest', async () => {
    await load();
    const text = readFileSync(cacheFile(), 'utf8');
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { digest: string };
    const body = JSON.parse(text.slice(text.indexOf('\n') + 1)) as Array<{ spec: { relPath: string } }>;
    body[0]!.spec.relPath = 'elsewhere.spec';
    const newBody = JSON.stringify(body);
    const { sha256Hex: sha256 } = await import('../../../src/cache/fingerprint.js');
    writeFileSync(cacheFile(), `${JSON.stringify({ ...JSON.parse(text.slice(0, text.indexOf('\n'))), digest: sha256(newBody) })}\n${newBody}`);
    expect(header.digest).not.toBe(sha256(newBody));
    const { index, report } = await load();
    expect(report).toMatchObject({ loaded: 'ok', misses: 1, written: true });
    expect(index).toStrictEqual(await uncached());
  });

  it('loads without error when the cache cannot be written', async () => {
    writeFileSync(path.join(work, 'a-file'), '');
    cacheDir = path.join(work, 'a-file', 'specs');
    const { index, report } = await load();
    expect(report?.written).toBe(false);
    expect(report?.writeError).toBeTruthy();
    expect(index).toStrictEqual(await uncached());
  });
});

describe('ParseCache', () => {
  const spec = { file: '/t/SPECS/a/a.spec', relPath: 'a/a.spec', name: 'a', version: '1', release: '1', buildArch: 'x86_64', buildRequires: [], subpackages: [], sources: [], patches: [], hasCheck: false, arch: 'x86_64' };
  const open = (parserVersion: string) => ParseCache.open({ dir: cacheDir, treeRoot: treeDir, arch: 'x86_64', keyParts: { macros: [['dist', '.ph5']] }, parserVersion });
  const noIncludes = () => undefined;

  it('misses every entry after a parser version bump', async () => {
    const v1 = open('1');
    expect(v1.lookup('a/a.spec', 'h', noIncludes, undefined)).toBeUndefined();
    v1.store('a/a.spec', 'h', spec, [], []);
    expect((await v1.save()).written).toBe(true);
    expect(open('1').lookup('a/a.spec', 'h', noIncludes, undefined)).toStrictEqual(spec);
    const v2 = open('2');
    expect(v2.lookup('a/a.spec', 'h', noIncludes, undefined)).toBeUndefined();
    expect(await v2.save()).toMatchObject({ loaded: 'other-key', hits: 0, misses: 1 });
  });

  it('does not keep a parse whose JSON form would differ (NaN epoch)', async () => {
    const c = open('1');
    c.store('a/a.spec', 'h', { ...spec, epoch: Number.NaN }, [], []);
    await c.save();
    expect(open('1').lookup('a/a.spec', 'h', noIncludes, undefined)).toBeUndefined();
  });

  it('lives under <cache dir>/specs unless PHOTON_BUILD_PARSE_CACHE turns it off', () => {
    expect(parseCacheDirFor('/c', {})).toBe(path.join('/c', 'specs'));
    expect(parseCacheDirFor('/c', { PHOTON_BUILD_PARSE_CACHE: 'off' })).toBeUndefined();
    expect(parseCacheDirFor('/c', { PHOTON_BUILD_PARSE_CACHE: '0' })).toBeUndefined();
  });
});
