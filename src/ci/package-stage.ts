// The package stage of a target: the rpm-build targets whose runs, together, build every
// RPM the target's own run builds, so a job that runs them first leaves a cache in which
// the target's job finds every package. Decided on the catalogue alone (which package
// lists the closure builds and installs, as src/run/prepare.ts unions them); pure.
import { PhotonBuildError } from '../errors.js';
import { ALL_SPECS, imageLists } from '../plan/build-plan.js';
import type { TargetCatalogue, TargetDefinition } from '../targets/types.js';

export interface PackageStageChoice {
  /** rpm-build targets in run order. */
  readonly packageTargets: readonly string[];
  /** Package lists the closure builds or installs, sorted. */
  readonly lists: readonly string[];
}

const BUILD_KINDS: readonly string[] = ['build-packages', 'toolchain-stage1', 'toolchain-stage2', 'check-packages'];
/** Lists "all-specs" does not cover (packages leaves extra-packages-list out). */
const OUTSIDE_ALL_SPECS = 'extra-packages-list';

/**
 * The stage for a closure (dependencies first, root last), or undefined when the closure
 * builds no packages. The rpm-build targets already in the closure come first (in the
 * order the root names them); a list they do not cover (an image's installer initrd,
 * say) adds the rpm-build target that builds exactly that list, else `packages`.
 */
export function packageStageOf(catalogue: TargetCatalogue, closure: readonly TargetDefinition[]): PackageStageChoice | undefined {
  const builders = closure.filter((t) => t.steps.some((s) => BUILD_KINDS.includes(s)));
  if (builders.length === 0) return undefined;
  const lists = neededLists(closure);
  const root = closure[closure.length - 1]!;
  const rank = (t: TargetDefinition): number => {
    const i = root.dependsOn.indexOf(t.name);
    return i === -1 ? root.dependsOn.length + closure.indexOf(t) : i;
  };
  const members = builders.filter((t) => t.steps.includes('build-packages')).sort((a, b) => rank(a) - rank(b));
  if (lists.length === 0) return { packageTargets: [(members[members.length - 1] ?? builders[builders.length - 1]!).name], lists };

  const chosen: TargetDefinition[] = [];
  let uncovered = new Set(lists.includes(ALL_SPECS) ? lists.filter((l) => l === ALL_SPECS || l === OUTSIDE_ALL_SPECS) : lists);
  const take = (t: TargetDefinition): void => {
    chosen.push(t);
    uncovered = new Set([...uncovered].filter((l) => !covers(t, l)));
  };
  for (const t of members) if ([...uncovered].some((l) => covers(t, l))) take(t);
  for (const list of [...uncovered].sort()) {
    if (!uncovered.has(list)) continue;
    const candidates = [...catalogue.targets.values()].filter(isStageCandidate);
    const exact = candidates.find((t) => t.packageLists.length === 1 && t.packageLists[0] === list);
    const fallback = candidates.find((t) => t.packageLists.includes(ALL_SPECS));
    const pick = exact ?? (list === OUTSIDE_ALL_SPECS ? undefined : fallback);
    if (!pick) throw new PhotonBuildError('target-definition', `no rpm-build target builds the package list ${list}`, { key: list });
    take(pick);
  }
  // all-specs makes every single-list target before it redundant.
  const all = chosen.find((t) => t.packageLists.includes(ALL_SPECS));
  const packageTargets = (all ? chosen.filter((t) => t === all || t.packageLists.includes(OUTSIDE_ALL_SPECS)) : chosen).map((t) => t.name);
  return { packageTargets, lists };
}

/** What `photon-build <root>` resolves packages for: build lists plus the lists its images install. */
function neededLists(closure: readonly TargetDefinition[]): string[] {
  const lists = new Set<string>();
  for (const t of closure) {
    if (!t.steps.some((s) => BUILD_KINDS.includes(s) || s === 'rootfs' || s === 'image')) continue;
    const own = t.steps.includes('image') && t.format ? [...t.packageLists, ...imageLists(t)] : t.packageLists;
    for (const l of own) lists.add(l);
  }
  return [...lists].sort();
}

function covers(t: TargetDefinition, list: string): boolean {
  return t.packageLists.includes(list) || (list !== OUTSIDE_ALL_SPECS && t.packageLists.includes(ALL_SPECS));
}

/** rpm-build targets that put RPMs in stage/RPMS by building specs, chosen by no env var. */
function isStageCandidate(t: TargetDefinition): boolean {
  return (
    t.group === 'rpm-build' &&
    t.steps.includes('build-packages') &&
    !t.steps.includes('check-packages') &&
    t.chosenByEnv === undefined &&
    t.outputs.includes('RPMS/*/*.rpm')
  );
}
