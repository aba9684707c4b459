// The CI build matrix: which (target, arch) jobs to run and which package stage each job
// shares with the others, so that one job per stage fills the remote cache and the image
// jobs only read it. Pure (catalogue in, data out): no tree, no I/O, no printing.
import { PhotonBuildError } from '../errors.js';
import { targetClosure } from '../graph/targets.js';
import { unsupportedImage } from '../plan/build-plan.js';
import { requireTarget } from '../targets/resolve.js';
import type { TargetCatalogue, TargetDefinition } from '../targets/types.js';
import { packageStageOf } from './package-stage.js';

export const CI_ARCHES: readonly string[] = ['x86_64', 'aarch64'];

export interface MatrixEntry {
  readonly target: string;
  readonly arch: string;
  /** The stage's name: its rpm-build targets joined with '+' ("packages", "packages-ova+packages-initrd"). */
  readonly packages: string;
  /** The rpm-build targets to run, in order, so that the cache holds every RPM the job builds. */
  readonly packageTargets: readonly string[];
  /** The package lists the job builds or installs (common/data names, or "all-specs"). */
  readonly lists: readonly string[];
}

export interface PackageStage {
  readonly packages: string;
  readonly arch: string;
  readonly packageTargets: readonly string[];
}

export interface SkippedEntry {
  readonly target: string;
  readonly arch: string;
  readonly reason: string;
}

export interface CiMatrix {
  readonly include: readonly MatrixEntry[];
  readonly packageStages: readonly PackageStage[];
  readonly skipped: readonly SkippedEntry[];
}

/**
 * The matrix for the named targets (names or aliases) on each arch. Aggregates (all,
 * all-images: no steps of their own) stand for the targets they depend on. A target that
 * fixes its arch (rpi: aarch64) only gets a job for that arch; the others are listed in
 * `skipped` with the reason, as are targets the planner refuses (an image format not
 * implemented yet) and targets that build neither packages nor images.
 */
export function computeMatrix(catalogue: TargetCatalogue, names: readonly string[], arches: readonly string[]): CiMatrix {
  if (names.length === 0) throw new PhotonBuildError('usage', 'ci-matrix needs at least one target');
  const archList = parseArches(arches);
  const targets = uniqueTargets(catalogue, names);
  const include: MatrixEntry[] = [];
  const skipped: SkippedEntry[] = [];
  for (const target of targets) {
    const closure = targetClosure(catalogue, target.name);
    const stage = packageStageOf(catalogue, closure);
    const unsupported = unsupportedImage(target);
    for (const arch of archList) {
      const fixed = [target, ...closure].find((t) => t.arch !== undefined && t.arch !== arch);
      if (fixed) {
        const why = fixed.name === target.name ? '' : ` (through ${fixed.name})`;
        skipped.push({ target: target.name, arch, reason: `${target.name} builds only for ${fixed.arch}${why}` });
      } else if (unsupported !== undefined) {
        skipped.push({ target: target.name, arch, reason: `${target.name}: ${unsupported}` });
      } else if (!stage) {
        skipped.push({ target: target.name, arch, reason: `${target.name} builds neither packages nor images` });
      } else {
        include.push({ target: target.name, arch, packages: stage.packageTargets.join('+'), packageTargets: stage.packageTargets, lists: stage.lists });
      }
    }
  }
  return { include, packageStages: stagesOf(include), skipped };
}

/** "x86_64,aarch64" pieces → validated, de-duplicated arches in the order given. */
export function parseArches(values: readonly string[]): string[] {
  const arches = [...new Set(values.flatMap((v) => v.split(',')).map((a) => a.trim()).filter((a) => a !== ''))];
  if (arches.length === 0) throw new PhotonBuildError('usage', 'no architecture given', { key: '--arch' });
  const bad = arches.find((a) => !CI_ARCHES.includes(a));
  if (bad !== undefined) throw new PhotonBuildError('usage', `unknown architecture '${bad}' (choose from ${CI_ARCHES.join(', ')})`, { key: '--arch' });
  return arches;
}

/** Resolve names (unknown → 'unknown-target' with suggestions), expand aggregates, drop repeats. */
function uniqueTargets(catalogue: TargetCatalogue, names: readonly string[]): TargetDefinition[] {
  const seen = new Map<string, TargetDefinition>();
  const visit = (t: TargetDefinition, trail: readonly string[]): void => {
    if (trail.includes(t.name)) return;
    if (t.steps.length === 0 && t.dependsOn.length > 0) {
      for (const dep of t.dependsOn) visit(requireTarget(catalogue, dep), [...trail, t.name]);
      return;
    }
    if (!seen.has(t.name)) seen.set(t.name, t);
  };
  for (const name of names) visit(requireTarget(catalogue, name), []);
  return [...seen.values()];
}

function stagesOf(include: readonly MatrixEntry[]): PackageStage[] {
  const stages = new Map<string, PackageStage>();
  for (const e of include) {
    const id = `${e.packages}\u0000${e.arch}`;
    if (!stages.has(id)) stages.set(id, { packages: e.packages, arch: e.arch, packageTargets: e.packageTargets });
  }
  return [...stages.values()];
}
