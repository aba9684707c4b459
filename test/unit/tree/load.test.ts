import { cp, mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTree } from '../../../src/tree/load.js';
import { PhotonBuildError } from '../../../src/errors.js';

const SMALL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/trees/small');
const temps: string[] = [];
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

/** A copy of the small tree outside any git checkout, with build-config.json replaced. */
async function treeWithConfig(config: unknown | string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pb-tree-'));
  temps.push(dir);
  await cp(SMALL, dir, { recursive: true });
  await writeFile(path.join(dir, 'build-config.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
}

async function failure(p: Promise<unknown>): Promise<PhotonBuildError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PhotonBuildError) return e;
    throw e;
  }
  throw new Error('expected a PhotonBuildError');
}

describe('loadTree', () => {
  it('applies master defaults for keys the config leaves out', async () => {
    const tree = await loadTree({ dir: SMALL, env: {} });
    const c = tree.config;
    expect(c.photonPath).toBe(SMALL);
    expect(c.stagePath).toBe(path.join(SMALL, 'stage'));
    expect(c.specPath).toBe(path.join(SMALL, 'SPECS'));
    expect(c.inputRpmsPath).toBe(path.join(SMALL, 'inputRPMS'));
    expect(c.threads).toBe(2);
    expect(c.buildType).toBe('chroot');
    expect(c.compressionMacro).toBe('w19.zstdio');
    expect(c.buildSrcRpm).toBe(true);
    expect(c.rpmCheck).toBe(false);
    expect(c.extraPackagesList).toEqual(['docs']);
    expect(c.defaultTarget).toBe('iso');
  });

  it('reads toolchain lists from constants.py when photon-build does not set them', async () => {
    const tree = await loadTree({ dir: SMALL, env: {} });
    expect(tree.config.toolchainStage1).toEqual(['glibc', 'glibc-libs', 'bash']);
    expect(tree.config.toolchainStage2).toEqual(['glibc', 'bash', 'tool']);
    expect(tree.config.toolchainSource).toBe('constants.py');
  });

  it('prefers the photon-build object for toolchain lists', async () => {
    const dir = await treeWithConfig({ 'photon-build-param': {}, 'photon-build': { 'toolchain-stage1': ['glibc'], 'toolchain-stage2': [] } });
    const tree = await loadTree({ dir, env: {} });
    expect(tree.config.toolchainStage1).toEqual(['glibc']);
    expect(tree.config.toolchainStage2).toEqual([]);
  });

  it('loads package lists, pkg_build_options and weights', async () => {
    const tree = await loadTree({ dir: SMALL, env: {} });
    const minimal = tree.packageLists.get('packages_minimal');
    expect(minimal?.packages).toEqual(['hello']);
    expect(minimal?.perArch['x86_64']).toEqual(['tool']);
    expect(tree.pkgBuildOptions.get('hello')?.macros).toEqual(['hello_flavour blue']);
    expect(tree.packageWeights.get('glibc')).toBe(10);
  });

  it('honours the environment variables build.py reads', async () => {
    const tree = await loadTree({
      dir: SMALL,
      env: {
        THREADS: '7',
        BUILD_SRC_RPM: 'no',
        BUILD_DBGINFO_RPM: '0',
        PHOTON_CACHE_PATH: '/cache',
        PHOTON_SOURCES_PATH: 'srcs',
        PHOTON_PULLSOURCES_CONFIG: 'https://mirror.example/src',
        INPUT_PHOTON_BUILD_NUMBER: 'abc1234',
        RPMCHECK: 'enable_stop_on_error',
      },
    });
    const c = tree.config;
    expect(c.threads).toBe(7);
    expect(c.buildSrcRpm).toBe(false);
    expect(c.buildDbginfoRpm).toBe(false);
    expect(c.photonCachePath).toBe('/cache');
    expect(c.photonSourcesPath).toBe(path.join(SMALL, 'srcs'));
    expect(c.pullSourcesUrl).toBe('https://mirror.example/src');
    expect(c.buildNumber).toBe('abc1234');
    expect(c.rpmCheck).toBe(true);
    expect(c.rpmCheckStopOnError).toBe(true);
  });

  it('RPMCHECK=0 disables checks (build.py enabled them)', async () => {
    const off = await loadTree({ dir: SMALL, env: { RPMCHECK: '0' } });
    expect(off.config.rpmCheck).toBe(false);
    const on = await loadTree({ dir: SMALL, env: { RPMCHECK: '1' } });
    expect(on.config.rpmCheck).toBe(true);
    expect(on.config.rpmCheckStopOnError).toBe(false);
  });

  it('uses 0000000 as build number outside a git checkout', async () => {
    const dir = await treeWithConfig({ 'photon-build-param': {} });
    const tree = await loadTree({ dir, env: {} });
    expect(tree.config.buildNumber).toBe('0000000');
  });

  it('rejects an unknown top-level key with its key path and file', async () => {
    const dir = await treeWithConfig({ 'photon-build-param': {}, 'stage-pth': '' });
    const e = await failure(loadTree({ dir, env: {} }));
    expect(e.reason).toBe('config');
    expect(e.location).toEqual({ file: path.join(dir, 'build-config.json'), key: 'stage-pth' });
    expect(e.oneLine()).toContain("unknown key 'stage-pth'");
  });

  it('rejects an unknown photon-build-param key', async () => {
    const dir = await treeWithConfig({ 'photon-build-param': { 'thread': 3 } });
    const e = await failure(loadTree({ dir, env: {} }));
    expect(e.location?.key).toBe('photon-build-param.thread');
  });

  it('names file and line of malformed JSON', async () => {
    const dir = await treeWithConfig('{\n  "photon-build-param": {\n    "threads": 2,\n  }\n}\n');
    const e = await failure(loadTree({ dir, env: {} }));
    expect(e.reason).toBe('config');
    expect(e.location?.file).toBe(path.join(dir, 'build-config.json'));
    expect(e.location?.line).toBe(4);
  });

  it('rejects a bad THREADS value naming the variable', async () => {
    const e = await failure(loadTree({ dir: SMALL, env: { THREADS: 'many' } }));
    expect(e.location?.key).toBe('THREADS');
  });
});
