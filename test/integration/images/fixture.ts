// Shared setup for the image integration tests: the docker engine, the builder image tag,
// and the sample tree's RPMs, built with the executor's buildRpm + createRepo in real
// builder containers (network none) and kept in a content-addressed scratch dir so the
// test files of one run build them once. No assertions here.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { createDockerEngine } from '../../../src/executor/docker.js';
import type { ContainerEngine } from '../../../src/executor/engine.js';
import { buildRpm } from '../../../src/executor/rpm-build.js';
import { collectSources } from '../../../src/executor/local-sources.js';
import { createRepo } from '../../../src/executor/create-repo.js';
import { ensureBuilderImage } from '../../../src/executor/builder-image.js';
import { SAMPLE_TREE_DIR } from '../../../src/paths.js';
import { sampleTreeDigest } from '../../helpers/sample-tree-digest.js';
import { hostSpec } from '../executor/spec-helper.js';

export const EPOCH = 1704067200;
const list = (name: string): readonly string[] =>
  (JSON.parse(readFileSync(path.join(SAMPLE_TREE_DIR, 'common', 'data', `${name}.json`), 'utf8')) as { packages: string[] }).packages;
/** The sample tree's packages_installer_initrd.json and packages_minimal.json. */
export const INITRD_PACKAGES = list('packages_installer_initrd');
export const MINIMAL_PACKAGES = list('packages_minimal');

export function engine(): ContainerEngine {
  return createDockerEngine();
}

let builder: Promise<string> | undefined;
/** The builder image tag (PHOTON_BUILD_TEST_IMAGE, or ensureBuilderImage's, built if stale). */
export function builderImage(): Promise<string> {
  const fromEnv = process.env['PHOTON_BUILD_TEST_IMAGE'];
  if (fromEnv) return Promise.resolve(fromEnv);
  const logDir = path.join(os.tmpdir(), 'pb-test-images-builder');
  mkdirSync(logDir, { recursive: true });
  builder ??= ensureBuilderImage(engine(), { logDir }).then((r) => r.tag);
  return builder;
}

export function scratch(tag: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `pb-test-images-${tag}-`));
}

/** Sample-tree build order (computing it is the graph's job) and extra build-root RPMs. */
const TOOLCHAIN = ['filesystem', 'glibc', 'photon-rpm-macros'];
const ORDER: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['filesystem', []], ['glibc', []], ['photon-rpm-macros', []], ['libgreet', []], ['hello', ['libgreet-devel', 'libgreet']],
  ['sample-tools', []], ['photon-repos', []], ['busybox', []], ['linux', []], ['photon-release', []], ['photon-init', []],
];
const MACROS = { dist: '.ph5', photon_build_number: '0000000', photon_release_version: '5.0', with_check: '0' };


/**
 * Copies the sample tree's RPMs (RPMS/{x86_64,noarch} + repodata) into dir, building them
 * first when no earlier test file of this tree content did. Returns dir.
 */
export async function buildSampleRpms(dir: string): Promise<string> {
  const image = await builderImage();
  const id = (await engine().inspectImage(image))?.id ?? image;
  const cache = path.join(os.tmpdir(), `pb-test-images-sample-rpms-${sampleTreeDigest(id)}`);
  if (!existsSync(path.join(cache, 'RPMS', 'repodata', 'repomd.xml'))) {
    const work = mkdtempSync(`${cache}.building-`);
    const stage = path.join(work, 'stage');
    const built = new Map<string, string>();
    for (const [pkg, needs] of ORDER) {
      const spec = await hostSpec(path.join(SAMPLE_TREE_DIR, 'SPECS', pkg, `${pkg}.spec`));
      const sourceFiles = await collectSources(spec, { treeDir: SAMPLE_TREE_DIR });
      const at = TOOLCHAIN.indexOf(pkg);
      const toolchain = (at === -1 ? TOOLCHAIN : TOOLCHAIN.slice(0, at)).map((n) => built.get(n)!);
      const workDir = path.join(work, 'work', pkg);
      mkdirSync(workDir, { recursive: true });
      const r = await buildRpm(engine(), {
        image, name: `pb-test-images-rpm-${pkg}-${process.pid}`, treeDir: SAMPLE_TREE_DIR, spec, workDir, sourceFiles,
        installRpms: [...toolchain, ...needs.map((n) => built.get(n)!)], macros: MACROS, buildSrcRpm: false, sourceDateEpoch: EPOCH,
        logFile: path.join(work, 'LOGS', `${pkg}.log`),
      });
      if (!r.ok) throw new Error(r.message);
      for (const rel of r.rpms) {
        const dest = path.join(stage, rel);
        mkdirSync(path.dirname(dest), { recursive: true });
        cpSync(path.join(workDir, 'out', rel), dest);
        built.set((await execa('rpm', ['-qp', '--qf', '%{NAME}', dest])).stdout, dest);
      }
    }
    const repo = await createRepo(engine(), { image, name: `pb-test-images-repo-${process.pid}`, rpmsDir: path.join(stage, 'RPMS'), revision: EPOCH, logFile: path.join(work, 'LOGS', 'repo.log') });
    if (!repo.ok) throw new Error(`createRepo failed, see ${repo.logFile}`);
    rmSync(cache, { recursive: true, force: true });
    renameSync(stage, cache);
    rmSync(work, { recursive: true, force: true });
  }
  cpSync(path.join(cache, 'RPMS'), path.join(dir, 'RPMS'), { recursive: true });
  return dir;
}

/** RPM file paths under <dir>/RPMS/{x86_64,noarch}. */
export function rpmFilesIn(dir: string): string[] {
  return ['x86_64', 'noarch'].flatMap((a) => {
    const d = path.join(dir, 'RPMS', a);
    return existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.rpm') && statSync(path.join(d, f)).isFile()).map((f) => path.join(d, f)) : [];
  });
}

/** Runs a host tool and returns stdout+stderr (never throws on exit code). */
export async function tool(cmd: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  const r = await execa(cmd, args, { reject: false, all: true, stdin: 'ignore' });
  return { code: r.exitCode ?? -1, out: String(r.all ?? '') };
}
