// Image steps: picks the rootfs stages and RPMs an image format needs and calls the
// format's builder in src/images. Artifact names follow Photon's
// (photon[-<kind>]-<release>-<build>.<arch>.<ext>); outputs land in stage/images/.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import { INITRD_LIST } from '../plan/build-plan.js';
import type { PlanStep } from '../plan/types.js';
import type { RunContext } from './context.js';
import { containerName, requireEngine } from './context.js';
import type { LinkedRepo, StepIo, StepOutput } from './runners.js';
import { buildIso } from '../images/iso.js';
import { defaultVolumeLabel, isoFileName } from '../images/names.js';
import type { IsoKind } from '../images/names.js';

type ImageStep = Extract<PlanStep, { kind: 'image' }>;

export function artifactName(ctx: RunContext, step: ImageStep): string {
  const id = { releaseVersion: ctx.tree.config.releaseVersion, buildNumber: ctx.tree.config.buildNumber, arch: ctx.plan.arch };
  if (step.format === 'iso') return isoFileName(step.imageTarget as IsoKind, id);
  throw new PhotonBuildError('input', `image format '${step.format}' (${step.imageTarget}) is not implemented yet`);
}

export function rootfsPath(ctx: RunContext, list: string): string {
  return path.join(ctx.stageDir, 'rootfs', `${list.replace(/\.json$/, '')}.tar`);
}

export async function buildImageStep(ctx: RunContext, step: ImageStep, io: StepIo, repo: LinkedRepo): Promise<StepOutput> {
  const { engine, image } = requireEngine(ctx);
  const name = artifactName(ctx, step);
  const rel = `images/${name}`;
  const outFile = path.join(io.workDir, 'out', rel);
  await mkdir(path.dirname(outFile), { recursive: true });
  if (step.format !== 'iso') throw new PhotonBuildError('input', `image format '${step.format}' is not implemented yet`);
  const kernelList = step.lists.find((l) => l !== INITRD_LIST) ?? INITRD_LIST;
  await buildIso(engine, {
    image: image.tag,
    name: containerName(ctx, step.id),
    kind: step.imageTarget as IsoKind,
    repoDir: repo.dir,
    rpmFiles: repo.files,
    initrdRootfs: rootfsPath(ctx, INITRD_LIST),
    kernelFrom: rootfsPath(ctx, kernelList),
    releaseVersion: ctx.tree.config.releaseVersion,
    buildNumber: ctx.tree.config.buildNumber,
    arch: ctx.plan.arch,
    outFile,
    volumeLabel: defaultVolumeLabel(step.imageTarget as IsoKind, ctx.tree.config.releaseVersion),
    sourceDateEpoch: ctx.sourceDateEpoch,
    logFile: io.logFile,
    signal: io.signal,
  });
  return { outputs: [rel] };
}
