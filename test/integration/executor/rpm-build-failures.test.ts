// The failure paths of buildRpm and collectSources with real containers: a build that
// fails after rpmbuild wrote its RPM, a BuildRequires that is not in the build root, a
// source whose checksum does not match, and an abort mid-build.
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRpm } from '../../../src/executor/rpm-build.js';
import { collectSources } from '../../../src/executor/local-sources.js';
import { PhotonBuildError } from '../../../src/errors.js';
import { SAMPLE_TREE_DIR } from '../../../src/paths.js';
import { builderImage, containersNamed, dockerEngine, removeDir, scratchDir, uniqueName } from './helpers.js';
import { hostSpec } from './spec-helper.js';

const FIXTURE_TREE = path.resolve(import.meta.dirname, '../../fixtures/executor/broken-tree');
const MACROS = { dist: '.ph5', with_check: '0' };

describe('buildRpm failures', () => {
  const engine = dockerEngine();
  let image = '';
  let dir = '';
  beforeAll(async () => {
    image = await builderImage();
    dir = await scratchDir('fail');
  });
  afterAll(async () => removeDir(dir));

  it('a failing spec returns the typed failure naming its log, and nothing reaches out/', async () => {
    const spec = await hostSpec(path.join(FIXTURE_TREE, 'SPECS', 'broken', 'broken.spec'));
    const workDir = path.join(dir, 'broken');
    const logFile = path.join(dir, 'LOGS', 'broken.log');
    const r = await buildRpm(engine, {
      image, name: uniqueName('broken'), treeDir: FIXTURE_TREE, spec, workDir, sourceFiles: [], installRpms: [],
      macros: MACROS, buildSrcRpm: false, sourceDateEpoch: 0, logFile,
    });
    expect(r).toMatchObject({ ok: false, reason: 'exit-non-zero', logFile });
    if (r.ok) return;
    expect(r.message).toContain(logFile);
    expect(r.message).toContain('broken-1.0-1.ph5');
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('about to fail on purpose');
    expect(log).toMatch(/Wrote: .*broken-1\.0-1\.ph5\.noarch\.rpm/); // rpmbuild did write it...
    expect(await readdir(workDir)).not.toContain('out'); // ...but it never reached out/
  });

  it('BuildRequires are checked against the build root (no --nodeps)', async () => {
    const spec = await hostSpec(path.join(SAMPLE_TREE_DIR, 'SPECS', 'hello', 'hello.spec'));
    const workDir = path.join(dir, 'hello');
    const logFile = path.join(dir, 'LOGS', 'hello.log');
    const r = await buildRpm(engine, {
      image, name: uniqueName('hello-nodeps'), treeDir: SAMPLE_TREE_DIR, spec, workDir,
      sourceFiles: await collectSources(spec, { treeDir: SAMPLE_TREE_DIR }), installRpms: [],
      macros: MACROS, buildSrcRpm: false, sourceDateEpoch: 0, logFile,
    });
    expect(r.ok).toBe(false);
    expect(await readFile(logFile, 'utf8')).toMatch(/libgreet-devel is needed by hello-1\.0-1\.ph5/);
  });

  it('a source that does not match its sha512 is a checksum-mismatch (exit 3) at the spec line', async () => {
    const spec = await hostSpec(path.join(SAMPLE_TREE_DIR, 'SPECS', 'libgreet', 'libgreet.spec'));
    const bad = path.join(dir, 'bad-sources');
    await mkdir(bad, { recursive: true });
    await writeFile(path.join(bad, 'libgreet-1.0.tar.gz'), 'not the real tarball');
    const e = await collectSources(spec, { treeDir: SAMPLE_TREE_DIR, searchDirs: [bad] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PhotonBuildError);
    expect(e).toMatchObject({ reason: 'checksum-mismatch', exitCode: 3, location: { file: spec.file, line: spec.sources[0]!.line } });
    expect((e as Error).message).toMatch(/expected a3376a08.* actual [0-9a-f]{128}/);
    // The good copy in the tree is found when the search dir does not have one.
    const good = await collectSources(spec, { treeDir: SAMPLE_TREE_DIR, searchDirs: [path.join(dir, 'empty')] });
    expect(good).toEqual([path.join(SAMPLE_TREE_DIR, 'SOURCES', 'libgreet-1.0.tar.gz')]);
  });

  it('a missing source is an input error', async () => {
    const spec = await hostSpec(path.join(SAMPLE_TREE_DIR, 'SPECS', 'hello', 'hello.spec'));
    const tree = path.join(dir, 'no-sources-tree');
    await mkdir(path.join(tree, 'SPECS', 'hello'), { recursive: true });
    const copied = path.join(tree, 'SPECS', 'hello', 'hello.spec');
    await copyFile(spec.file, copied);
    const e = await collectSources({ ...spec, file: copied }, { treeDir: tree }).catch((x: unknown) => x);
    expect(e).toMatchObject({ reason: 'input', exitCode: 2 });
    expect((e as Error).message).toContain('hello-1.0.tar.gz');
  });

  it('abort stops the build and leaves no container behind', async () => {
    const spec = await hostSpec(path.join(FIXTURE_TREE, 'SPECS', 'broken', 'broken.spec'));
    const name = uniqueName('abort-build');
    const controller = new AbortController();
    const building = buildRpm(engine, {
      image, name, treeDir: FIXTURE_TREE, spec, workDir: path.join(dir, 'abort'), sourceFiles: [], installRpms: [],
      // A macro that makes %prep slow enough to abort in the middle.
      macros: { ...MACROS, __spec_prep_pre: '%{___build_pre}\nsleep 60' }, buildSrcRpm: false, sourceDateEpoch: 0,
      logFile: path.join(dir, 'LOGS', 'abort.log'), signal: controller.signal,
    });
    for (let i = 0; i < 100 && (await containersNamed(name)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    const r = await building;
    expect(r).toMatchObject({ ok: false, reason: 'aborted' });
    expect(await containersNamed(name)).toEqual([]);
  });
});
