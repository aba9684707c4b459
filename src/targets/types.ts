// The target catalogue as typed data (loaded from targets/*.yaml by src/targets/load.ts).

export type TargetGroup = 'image' | 'rpm-build' | 'build-environment' | 'cleanup' | 'tool-checkup' | 'utilities';

/** The groups in build.py's targetDict order. */
export const TARGET_GROUPS: readonly TargetGroup[] = ['image', 'rpm-build', 'build-environment', 'cleanup', 'tool-checkup', 'utilities'];

/** build.py's spelling of each group (targetDict keys). */
export const BUILD_PY_GROUP_NAMES: Readonly<Record<TargetGroup, string>> = {
  image: 'image',
  'rpm-build': 'rpmBuild',
  'build-environment': 'buildEnvironment',
  cleanup: 'cleanup',
  'tool-checkup': 'tool-checkup',
  utilities: 'utilities',
};

/** package-lists entries that are not common/data file names. */
export const ALL_SPECS = 'all-specs';
export const EXTRA_PACKAGES_LIST = 'extra-packages-list';

/** What a target's steps are; the plan expands these into concrete steps. */
export type StepKind =
  | 'pre-reqs'
  | 'stage'
  | 'sources'
  | 'publish-rpms'
  | 'toolchain-stage1'
  | 'toolchain-stage2'
  | 'build-packages'
  | 'check-packages'
  | 'create-repo'
  | 'ostree-repo'
  | 'rootfs'
  | 'image'
  | 'checksums'
  | 'clean'
  | 'utility';

export interface TargetDefinition {
  readonly name: string;
  readonly group: TargetGroup;
  readonly description: string;
  readonly dependsOn: readonly string[];
  readonly aliases: readonly string[];
  /**
   * Package lists (common/data file names) it builds or installs, "all-specs" for every
   * spec minus extra-packages-list, "extra-packages-list" for that config key's names,
   * or empty when it builds no packages.
   */
  readonly packageLists: readonly string[];
  /** Artifact path patterns under stage/, with {release}, {build} and {arch} placeholders. */
  readonly outputs: readonly string[];
  /** This target's own steps, in order; dependencies bring their own. Empty for aggregates. */
  readonly steps: readonly StepKind[];
  /** Image format for image targets (iso, ova, rpi, …). */
  readonly format?: string;
  readonly arch?: string;
  /**
   * Ordering-only edges: when a named target is in the same plan it runs first, but it
   * is not pulled in (create-repo runs after whichever package builds the plan has).
   */
  readonly after?: readonly string[];
  /** Not one of build.py's names (rpm-env, packages-ova, …); hidden from listings by default. */
  readonly internal?: boolean;
  /** Conditional variant: chosen at plan time instead of `insteadOf` when this env var is set. */
  readonly chosenByEnv?: string;
  readonly insteadOf?: readonly string[];
  /** Where it was defined, for error messages. */
  readonly file: string;
  readonly line: number;
}

export interface TargetCatalogue {
  /** In load order: files by name, entries as written. */
  readonly targets: ReadonlyMap<string, TargetDefinition>;
  /** alias -> canonical name */
  readonly aliases: ReadonlyMap<string, string>;
}

/** Every StepKind, for validating targets/*.yaml; the Record makes a missing kind a type error. */
const STEP_KIND_SET: Readonly<Record<StepKind, true>> = {
  'pre-reqs': true,
  stage: true,
  sources: true,
  'publish-rpms': true,
  'toolchain-stage1': true,
  'toolchain-stage2': true,
  'build-packages': true,
  'check-packages': true,
  'create-repo': true,
  'ostree-repo': true,
  rootfs: true,
  image: true,
  checksums: true,
  clean: true,
  utility: true,
};
export const STEP_KINDS: readonly StepKind[] = Object.keys(STEP_KIND_SET) as StepKind[];
