// Builds every sample-tree package in dependency order in real builder containers (the
// order is written out here; computing it is the graph's job), then the repository.
import { copyFile, mkdir, readFile, readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRpm } from '../../../src/executor/rpm-build.js';
import { collectSources } from '../../../src/executor/local-sources.js';
import { createRepo } from '../../../src/executor/create-repo.js';
import { SAMPLE_TREE_DIR } from '../../../src/paths.js';
import { builderImage, containersNamed, dockerEngine, PREFIX, removeDir, scratchDir, sh, uniqueName } from './helpers.js';
import { hostSpec } from './spec-helper.js';

const TOOLCHAIN = ['filesystem', 'glibc', 'photon-rpm-macros'] as const;
/** package → the sub-packages (RPM names) its build root needs beyond the toolchain. */
const ORDER: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['filesystem', []],
  ['glibc', []],
  ['photon-rpm-macros', []],
  ['libgreet', []],
  ['hello', ['libgreet-devel', 'libgreet']],
  ['sample-tools', []],
  ['photon-repos', []],
  ['busybox', []],
  ['linux', []],
  ['photon-release', []],
  ['photon-init', []],
];
const MACROS = { dist: '.ph5', photon_build_number: '0000000', photon_release_version: '5.0', with_check: '0' };

describe('sample tree RPMs', () => {
  const engine = dockerEngine();
  let image = '';
  let dir = '';
  let stage = '';
  const built = new Map<string, string>(); // RPM name -> host path in stage/RPMS
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    image = await builderImage();
    dir = await scratchDir('rpms');
    stage = path.join(dir, 'stage');
  });
  afterAll(async () => {
    console.info(`[measure] sample RPM build times (ms): ${JSON.stringify(timings)}`);
    if (!process.env['PB_TEST_KEEP']) await removeDir(dir);
  });

  const rpmName = async (file: string): Promise<string> => sh('rpm', ['-qp', '--qf', '%{NAME}', file]);

  it('builds every package in order with Photon macros, reproducibly named', { timeout: 600_000 }, async () => {
    const wallStart = performance.now();
    for (const [pkg, needs] of ORDER) {
      const spec = await hostSpec(path.join(SAMPLE_TREE_DIR, 'SPECS', pkg, `${pkg}.spec`));
      const sourceFiles = await collectSources(spec, { treeDir: SAMPLE_TREE_DIR });
      const position = TOOLCHAIN.indexOf(pkg as (typeof TOOLCHAIN)[number]);
      const toolchain = (position === -1 ? TOOLCHAIN : TOOLCHAIN.slice(0, position)).map((n) => built.get(n)!);
      const installRpms = [...toolchain, ...needs.map((n) => built.get(n)!)];
      const workDir = path.join(dir, 'work', pkg);
      await mkdir(workDir, { recursive: true });
      const r = await buildRpm(engine, {
        image, name: uniqueName(pkg), treeDir: SAMPLE_TREE_DIR, spec, workDir, sourceFiles, installRpms,
        macros: MACROS, buildSrcRpm: false, sourceDateEpoch: 1704067200, logFile: path.join(dir, 'LOGS', `${pkg}.log`),
      });
      if (!r.ok) throw new Error(`${r.message}\n${await readFile(r.logFile, 'utf8')}`);
      timings[pkg] = r.durationMs;
      for (const rel of r.rpms) {
        expect(rel).toMatch(/^RPMS\/(x86_64|noarch)\/[^/]+\.ph5\.(x86_64|noarch)\.rpm$/);
        const dest = path.join(stage, rel);
        await mkdir(path.dirname(dest), { recursive: true });
        await copyFile(path.join(workDir, 'out', rel), dest);
        built.set(await rpmName(dest), dest);
      }
    }
    timings['all'] = Math.round(performance.now() - wallStart);
    expect([...built.keys()].sort()).toEqual([
      'busybox', 'filesystem', 'glibc', 'hello', 'libgreet', 'libgreet-devel', 'linux', 'photon-init', 'photon-release',
      'photon-repos', 'photon-rpm-macros', 'sample-tools', 'sample-tools-devel', 'sample-tools-doc', 'sample-tools-libs',
    ]);
    expect(await containersNamed(PREFIX)).toEqual([]);
  });

  it('hello requires libgreet (explicitly and through its soname) and glibc provides libc', async () => {
    const requires = await sh('rpm', ['-qp', '--requires', built.get('hello')!]);
    expect(requires).toMatch(/^libgreet$/m);
    expect(requires).toMatch(/^libgreet\.so\.1\(\)\(64bit\)$/m);
    expect(requires).toMatch(/^libc\.so\.6\(\)\(64bit\)$/m);
    const provides = await sh('rpm', ['-qp', '--provides', built.get('glibc')!]);
    expect(provides).toMatch(/^libc\.so\.6\(\)\(64bit\)$/m);
    expect(provides).toMatch(/^rtld\(GNU_HASH\)$/m);
  });

  it('records the reproducibility settings in the RPM headers', async () => {
    const q = await sh('rpm', ['-qp', '--qf', '%{BUILDHOST} %{BUILDTIME}', built.get('hello')!]);
    expect(q).toBe('photon-builder 1704067200');
    const doc = await sh('rpm', ['-qp', '--qf', '%{ARCH}', built.get('sample-tools-doc')!]);
    expect(doc).toBe('noarch');
  });

  it('the sample packages carry the files the images need', async () => {
    const files = async (n: string): Promise<string> => sh('rpm', ['-qlp', built.get(n)!]);
    expect(await files('glibc')).toMatch(/^\/lib64\/ld-linux-x86-64\.so\.2$/m);
    expect(await files('busybox')).toMatch(/^\/usr\/bin\/sh$/m);
    expect(await files('linux')).toMatch(/^\/boot\/vmlinuz-\d+\.\d+\.\d+-\d+-amd64$/m);
    expect(await files('linux')).toMatch(/^\/boot\/linux-.*\.cfg$/m);
    expect(await files('photon-init')).toMatch(/^\/init$/m);
    const initRequires = await sh('rpm', ['-qp', '--requires', built.get('photon-init')!]);
    expect(initRequires).toMatch(/^busybox$/m);
    expect(initRequires).toMatch(/^photon-release$/m);
  });

  it('rebuilding with the same inputs gives byte-identical RPMs', async () => {
    for (const pkg of ['libgreet', 'glibc']) {
      const spec = await hostSpec(path.join(SAMPLE_TREE_DIR, 'SPECS', pkg, `${pkg}.spec`));
      const workDir = path.join(dir, 'rebuild', pkg);
      await mkdir(workDir, { recursive: true });
      const toolchain = pkg === 'glibc' ? [built.get('filesystem')!] : TOOLCHAIN.map((n) => built.get(n)!);
      const r = await buildRpm(engine, {
        image, name: uniqueName(`re-${pkg}`), treeDir: SAMPLE_TREE_DIR, spec, workDir, installRpms: toolchain,
        sourceFiles: await collectSources(spec, { treeDir: SAMPLE_TREE_DIR }),
        macros: MACROS, buildSrcRpm: false, sourceDateEpoch: 1704067200, logFile: path.join(dir, 'LOGS', `re-${pkg}.log`),
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      for (const rel of r.rpms) {
        const again = await readFile(path.join(workDir, 'out', rel));
        const first = await readFile(path.join(stage, rel));
        expect(again.equals(first), rel).toBe(true);
      }
    }
  });

  it('createrepo_c metadata lists every RPM and is reproducible', async () => {
    const rpmsDir = path.join(stage, 'RPMS');
    const run = async (label: string): Promise<Buffer> => {
      const r = await createRepo(engine, { image, name: uniqueName(label), rpmsDir, revision: 1704067200, logFile: path.join(dir, 'LOGS', 'repo.log') });
      expect(r.ok).toBe(true);
      const repomd = await readFile(path.join(rpmsDir, 'repodata', 'repomd.xml'), 'utf8');
      const href = /href="(repodata\/[^"]*primary\.xml\.gz)"/.exec(repomd)?.[1];
      expect(href).toBeDefined();
      return readFile(path.join(rpmsDir, href!));
    };
    const primary = await run('repo1');
    const xml = gunzipSync(primary).toString('utf8');
    const names = [...xml.matchAll(/<name>([^<]+)<\/name>/g)].map((m) => m[1]).sort();
    expect(names).toEqual([...built.keys()].sort());
    expect(xml).toContain('<rpm:entry name="libgreet.so.1()(64bit)"/>');
    // Restored from a cache, the RPMs get new mtimes: the metadata must not change.
    for (const file of built.values()) await utimes(file, new Date(), new Date());
    const again = await run('repo2');
    expect(again.equals(primary)).toBe(true);
    expect((await readdir(path.join(rpmsDir, 'repodata'))).some((f) => f.endsWith('.sqlite.bz2'))).toBe(false);
    expect((await stat(path.join(rpmsDir, 'repodata', 'repomd.xml'))).size).toBeGreaterThan(0);
  });
});
