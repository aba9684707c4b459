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
import { allRpmSteps, linkRepo, rpmOutputsOf } from './runners.js';
import type { StepIo, StepOutput } from './runners.js';
import { buildIso } from '../images/iso.js';
import { buildOva } from '../images/ova.js';
import { buildAmi } from '../images/ami.js';
import { buildGce } from '../images/gce.js';
import { buildAzure } from '../images/azure.js';
import { buildDockerImage } from '../images/docker-image.js';
import { buildRpi, rpiFileName } from '../images/rpi.js';
import { PHOTON_DISK_MIB } from '../images/disk.js';
import { defaultVolumeLabel, diskImageFileName, dockerArchiveName, isoFileName, rootfsTarballName } from '../images/names.js';
import type { IsoKind } from '../images/names.js';

type ImageStep = Extract<PlanStep, { kind: 'image' }>;

export function artifactNames(ctx: RunContext, step: ImageStep): string[] {
  const id = { releaseVersion: ctx.tree.config.releaseVersion, buildNumber: ctx.tree.config.buildNumber, arch: ctx.plan.arch };
  switch (step.format) {
    case 'iso':
    case 'src-iso':
      return [isoFileName(step.imageTarget as IsoKind, id)];
    case 'ova':
    case 'ova_uefi':
    case 'ami':
    case 'gce':
    case 'azure':
      return [diskImageFileName(step.format, id)];
    case 'docker':
      return [dockerArchiveName(id), rootfsTarballName(id)];
    case 'rpi':
      return [rpiFileName(id)];
    default:
      throw new PhotonBuildError('input', `${step.imageTarget}: the '${step.format}' image format is not implemented yet`);
  }
}

export function rootfsPath(ctx: RunContext, list: string): string {
  return path.join(ctx.stageDir, 'rootfs', `${list.replace(/\.json$/, '')}.tar`);
}

export async function buildImageStep(ctx: RunContext, step: ImageStep, io: StepIo): Promise<StepOutput> {
  const { engine, image } = requireEngine(ctx);
  const names = artifactNames(ctx, step);
  const rels = names.map((n) => `images/${n}`);
  const outFiles = rels.map((r) => path.join(io.workDir, 'out', r));
  await mkdir(path.dirname(outFiles[0]!), { recursive: true });
  const mainList = step.lists.find((l) => l !== INITRD_LIST) ?? INITRD_LIST;
  const common = { image: image.tag, name: containerName(ctx, step.id), arch: ctx.plan.arch, logFile: io.logFile, sourceDateEpoch: ctx.sourceDateEpoch, signal: io.signal };
  const disk = { ...common, rootfs: rootfsPath(ctx, mainList), initrdRootfs: rootfsPath(ctx, INITRD_LIST), outFile: outFiles[0]! };
  switch (step.format) {
    case 'iso': {
      // The ISO ships the plan's RPMs as a repo; the other formats install rootfs stages.
      const repo = await linkRepo(ctx, rpmOutputsOf(ctx, allRpmSteps(ctx)), path.join(io.workDir, 'repo'));
      await buildIso(engine, {
        ...common,
        kind: step.imageTarget as IsoKind,
        repoDir: repo.dir,
        rpmFiles: repo.files,
        initrdRootfs: rootfsPath(ctx, INITRD_LIST),
        kernelFrom: rootfsPath(ctx, mainList),
        releaseVersion: ctx.tree.config.releaseVersion,
        buildNumber: ctx.tree.config.buildNumber,
        outFile: outFiles[0]!,
        volumeLabel: defaultVolumeLabel(step.imageTarget as IsoKind, ctx.tree.config.releaseVersion),
      });
      break;
    }
    case 'src-iso': {
      const srpms = ctx.plan.steps.flatMap((s) => (s.kind === 'rpm' ? (ctx.outputs.get(s.id) ?? []).filter((o) => o.startsWith('SRPMS/')) : []));
      const linked = await linkRepo(ctx, srpms, path.join(io.workDir, 'srpms'));
      await buildIso(engine, {
        ...common,
        kind: 'src-iso',
        repoDir: linked.dir,
        rpmFiles: linked.files,
        releaseVersion: ctx.tree.config.releaseVersion,
        buildNumber: ctx.tree.config.buildNumber,
        outFile: outFiles[0]!,
        volumeLabel: defaultVolumeLabel('src-iso', ctx.tree.config.releaseVersion),
      });
      break;
    }
    case 'ova':
    case 'ova_uefi':
      await buildOva(engine, { ...disk, variant: step.format, diskSizeMiB: PHOTON_DISK_MIB[step.format] });
      break;
    case 'ami':
      await buildAmi(engine, { ...disk, diskSizeMiB: PHOTON_DISK_MIB.ami });
      break;
    case 'gce':
      await buildGce(engine, { ...disk, diskSizeMiB: PHOTON_DISK_MIB.gce });
      break;
    case 'azure':
      await buildAzure(engine, { ...disk, diskSizeMiB: PHOTON_DISK_MIB.azure });
      break;
    case 'rpi':
      await buildRpi(engine, { ...common, rootfs: rootfsPath(ctx, mainList), initrdRootfs: rootfsPath(ctx, INITRD_LIST), outFile: outFiles[0]! });
      break;
    case 'docker':
      await buildDockerImage({
        rootfs: rootfsPath(ctx, mainList),
        releaseVersion: ctx.tree.config.releaseVersion,
        arch: ctx.plan.arch,
        outFile: outFiles[0]!,
        rootfsTarGz: outFiles[1]!,
        sourceDateEpoch: ctx.sourceDateEpoch,
        signal: io.signal,
      });
      break;
    default:
      throw new PhotonBuildError('input', `${step.imageTarget}: the '${step.format}' image format is not implemented yet`);
  }
  return { outputs: rels };
}
