// How each plan step kind does its work, given a RunContext. Cacheable kinds write their
// outputs under <workDir>/out (paths relative to the stage) and return them; the caller
// stores and restores them. Container work goes through src/executor and src/images.
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PhotonBuildError, unreachable } from '../errors.js';
import type { PlanStep } from '../plan/types.js';
import type { RunContext } from './context.js';
import { containerName, requireEngine } from './context.js';
import { rpmFilesOf } from './rpm-files.js';
import { stageRpmFiles } from './input-context.js';
import { runSetupStep } from './setup-steps.js';
import { buildImageStep } from './image-step.js';
import { buildRpm } from '../executor/rpm-build.js';
import { createRepo } from '../executor/create-repo.js';
import { collectSources } from '../executor/local-sources.js';
import { buildRootfs } from '../images/rootfs.js';

export interface StepIo {
  readonly workDir: string;
  readonly logFile: string;
  readonly signal: AbortSignal;
}

export interface StepOutput {
  /** Paths relative to <workDir>/out (= relative to the stage). */
  readonly outputs: readonly string[];
  readonly message?: string;
}

export async function runStepBody(ctx: RunContext, step: PlanStep, io: StepIo): Promise<StepOutput> {
  switch (step.kind) {
    case 'pre-reqs':
    case 'stage':
    case 'sources':
    case 'publish-rpms':
    case 'check-spec-files':
    case 'generate-dep-lists':
    case 'clean':
    case 'not-supported':
      return runSetupStep(ctx, step, io);
    case 'rpm':
      return runRpm(ctx, step, io);
    case 'create-repo':
      return runCreateRepo(ctx, step, io);
    case 'rootfs':
      return runRootfs(ctx, step, io);
    case 'image':
      return buildImageStep(ctx, step, io);
    default:
      return unreachable(step);
  }
}

async function runRpm(ctx: RunContext, step: Extract<PlanStep, { kind: 'rpm' }>, io: StepIo): Promise<StepOutput> {
  const { engine, image } = requireEngine(ctx);
  const spec = step.spec;
  const config = ctx.tree.config;
  const searchDirs = [path.join(ctx.stageDir, 'SOURCES'), path.join(ctx.tree.root, 'SOURCES'), path.dirname(spec.file)];
  if (config.photonSourcesPath) searchDirs.push(config.photonSourcesPath);
  const sourceFiles = await collectSources(spec, { treeDir: ctx.tree.root, searchDirs });
  const wanted = buildRootNames(ctx, step.specKey);
  const installRpms = rpmOutputsOf(ctx, step.deps.filter((d) => d.startsWith('rpm:')), wanted).map((p) => path.join(ctx.stageDir, p));
  const result = await buildRpm(engine, {
    image: image.tag,
    name: containerName(ctx, step.id),
    treeDir: ctx.tree.root,
    spec,
    workDir: io.workDir,
    sourceFiles,
    installRpms,
    macros: ctx.macros,
    buildSrcRpm: ctx.buildSrcRpm,
    sourceDateEpoch: ctx.sourceDateEpoch,
    logFile: io.logFile,
    signal: io.signal,
  });
  if (!result.ok) {
    if (result.reason === 'aborted') throw new PhotonBuildError('aborted', `${spec.name}: interrupted`);
    throw new PhotonBuildError('build-failed', `package ${spec.name} failed to build (rpmbuild exit ${'exitCode' in result ? result.exitCode : '?'}); log: ${io.logFile}`, { file: spec.file });
  }
  return { outputs: result.rpms };
}

async function runCreateRepo(ctx: RunContext, step: PlanStep, io: StepIo): Promise<StepOutput> {
  const { engine, image } = requireEngine(ctx);
  const planned = step.deps.some((d) => d.startsWith('rpm:'));
  const rpms = planned ? rpmOutputsOf(ctx, step.deps) : await stageRpmFiles(ctx.stageDir);
  const repo = await linkRepo(ctx, rpms, path.join(io.workDir, 'repo'));
  const result = await createRepo(engine, { image: image.tag, name: containerName(ctx, step.id), rpmsDir: path.join(repo.dir, 'RPMS'), logFile: io.logFile, signal: io.signal });
  if (!result.ok) throw new PhotonBuildError('build-failed', `createrepo_c failed; log: ${io.logFile}`);
  const outDir = path.join(io.workDir, 'out', 'RPMS', 'repodata');
  await mkdir(outDir, { recursive: true });
  const files = (await readdir(path.join(repo.dir, 'RPMS', 'repodata'))).sort();
  for (const f of files) await copyFile(path.join(repo.dir, 'RPMS', 'repodata', f), path.join(outDir, f));
  return { outputs: files.map((f) => `RPMS/repodata/${f}`) };
}

async function runRootfs(ctx: RunContext, step: Extract<PlanStep, { kind: 'rootfs' }>, io: StepIo): Promise<StepOutput> {
  const { engine, image } = requireEngine(ctx);
  const repo = await linkRepo(ctx, rpmOutputsOf(ctx, step.deps), path.join(io.workDir, 'repo'));
  const rel = `rootfs/${step.list.replace(/\.json$/, '')}.tar`;
  const outFile = path.join(io.workDir, 'out', rel);
  await mkdir(path.dirname(outFile), { recursive: true });
  await buildRootfs(engine, {
    image: image.tag,
    name: containerName(ctx, step.id),
    repoDir: repo.dir,
    packages: step.packages,
    arch: ctx.plan.arch,
    outFile,
    logFile: io.logFile,
    sourceDateEpoch: ctx.sourceDateEpoch,
    signal: io.signal,
  });
  return { outputs: [rel] };
}

export function allRpmSteps(ctx: RunContext): string[] {
  return ctx.plan.steps.filter((s) => s.kind === 'rpm').map((s) => s.id);
}

/** Subpackage names to install in a package's build root (all of its deps' RPMs when the graph has no finer answer). */
function buildRootNames(ctx: RunContext, key: string): ReadonlySet<string> | undefined {
  const graph = ctx.graph as { buildRootPackages?: (k: string) => readonly string[] } | undefined;
  const names = graph?.buildRootPackages?.(key);
  return names ? new Set(names) : undefined;
}

/** Stage-relative RPM paths produced by the given rpm steps (optionally only some subpackages). */
export function rpmOutputsOf(ctx: RunContext, stepIds: readonly string[], subpackages?: ReadonlySet<string>): string[] {
  const paths: string[] = [];
  for (const id of stepIds) {
    const step = ctx.plan.steps.find((s) => s.id === id);
    if (!step || step.kind !== 'rpm') continue;
    const outputs = ctx.outputs.get(id) ?? [];
    paths.push(...rpmFilesOf(step.spec, outputs, subpackages).map((f) => f.path));
  }
  return [...new Set(paths)].sort();
}

export interface LinkedRepo {
  readonly dir: string;
  /** Host paths of the linked RPM files. */
  readonly files: readonly string[];
}

/** A private repo dir holding exactly the given RPMs under RPMS/<arch>/ (hardlinks into the stage). */
export async function linkRepo(ctx: RunContext, stagePaths: readonly string[], dir: string): Promise<LinkedRepo> {
  await rm(dir, { recursive: true, force: true });
  const files: string[] = [];
  for (const rel of stagePaths) {
    const from = path.join(ctx.stageDir, rel);
    const to = path.join(dir, rel);
    await mkdir(path.dirname(to), { recursive: true });
    if (!existsSync(to)) await link(from, to).catch(() => copyFile(from, to));
    files.push(to);
  }
  await mkdir(dir, { recursive: true });
  return { dir, files };
}
