// The target catalogue as typed data (loaded from targets/*.yaml by src/targets/load.ts).

export type TargetGroup = 'image' | 'rpm-build' | 'build-environment' | 'cleanup' | 'tool-checkup' | 'utilities';

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
   * spec minus extra-packages-list, or empty when it builds no packages.
   */
  readonly packageLists: readonly string[];
  readonly outputs: readonly string[];
  readonly steps: readonly StepKind[];
  /** Image format for image targets (iso, ova, rpi, …). */
  readonly format?: string;
  readonly arch?: string;
  /** Where it was defined, for error messages. */
  readonly file: string;
  readonly line: number;
}

export interface TargetCatalogue {
  readonly targets: ReadonlyMap<string, TargetDefinition>;
  /** alias -> canonical name */
  readonly aliases: ReadonlyMap<string, string>;
}
