// Selecting and shaping targets for listings (`photon-build targets`, the README table):
// group names as written in targets/*.yaml or as build.py spells them, display order,
// and the JSON record of one target. Pure; printing is in src/cli/targets.ts.
import { BUILD_PY_GROUP_NAMES, TARGET_GROUPS } from './types.js';
import type { TargetCatalogue, TargetDefinition, TargetGroup } from './types.js';

export interface ListOptions {
  readonly group?: TargetGroup;
  /** Include internal targets (rpm-env, packages-ova, …). */
  readonly all?: boolean;
}

/** A group from its YAML name or build.py's name (rpmBuild, buildEnvironment), any case. */
export function normalizeGroup(name: string): TargetGroup | undefined {
  const wanted = name.toLowerCase();
  return TARGET_GROUPS.find((g) => g === wanted || BUILD_PY_GROUP_NAMES[g].toLowerCase() === wanted);
}

/** Targets in build.py's group order, then as written in the YAML. */
export function listTargets(catalogue: TargetCatalogue, opts: ListOptions = {}): TargetDefinition[] {
  const all = [...catalogue.targets.values()];
  const position = new Map(all.map((t, i) => [t.name, i]));
  return all
    .filter((t) => (opts.all ?? false) || !t.internal)
    .filter((t) => opts.group === undefined || t.group === opts.group)
    .sort((a, b) => TARGET_GROUPS.indexOf(a.group) - TARGET_GROUPS.indexOf(b.group) || position.get(a.name)! - position.get(b.name)!);
}

export interface TargetJson {
  readonly name: string;
  readonly group: TargetGroup;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly dependsOn: readonly string[];
  readonly packageLists: readonly string[];
  readonly outputs: readonly string[];
  readonly steps: readonly string[];
  readonly format?: string;
  readonly arch?: string;
  readonly after?: readonly string[];
  readonly internal?: boolean;
  readonly chosenByEnv?: string;
  readonly insteadOf?: readonly string[];
}

export function targetJson(t: TargetDefinition): TargetJson {
  return {
    name: t.name,
    group: t.group,
    aliases: t.aliases,
    description: t.description,
    dependsOn: t.dependsOn,
    packageLists: t.packageLists,
    outputs: t.outputs,
    steps: t.steps,
    ...(t.format !== undefined ? { format: t.format } : {}),
    ...(t.arch !== undefined ? { arch: t.arch } : {}),
    ...(t.after !== undefined ? { after: t.after } : {}),
    ...(t.internal ? { internal: true } : {}),
    ...(t.chosenByEnv !== undefined ? { chosenByEnv: t.chosenByEnv, insteadOf: t.insteadOf ?? [] } : {}),
  };
}
