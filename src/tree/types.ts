// A loaded Photon source tree: build-config.json (+ the environment variables build.py
// honours), common/data package lists and options, and where its directories are.
// Produced by src/tree; specs themselves are parsed by src/specs.

export interface BuildConfig {
  /** Directory of build-config.json: the tree root. */
  readonly photonPath: string;
  readonly configFile: string;
  readonly stagePath: string;
  readonly specPath: string;
  readonly inputRpmsPath: string;
  readonly buildType: string;
  readonly distTag: string;
  readonly releaseVersion: string;
  readonly buildNumber: string;
  readonly threads: number;
  readonly logLevel: string;
  readonly pkgBuildOptionsFile: string;
  readonly buildSrcRpm: boolean;
  readonly buildDbginfoRpm: boolean;
  readonly buildDbginfoRpmList: readonly string[];
  readonly extraPackagesList: readonly string[];
  readonly defaultTarget: string;
  readonly compressionMacro: string;
  readonly pullSourcesUrl: string;
  readonly publishRpmUrl: string;
  readonly publishXRpmUrl: string;
  readonly rpmCheck: boolean;
  readonly rpmCheckStopOnError: boolean;
  /** PHOTON_CACHE_PATH and friends (additional-path). */
  readonly photonCachePath?: string;
  readonly photonSourcesPath?: string;
  readonly photonPublishRpmsPath?: string;
  readonly photonPublishXRpmsPath?: string;
  /** Toolchain lists: Photon hard-codes them; a tree may override in "photon-build". */
  readonly toolchainStage1: readonly string[];
  readonly toolchainStage2: readonly string[];
  /** Every raw key as read, for diagnostics. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** common/data/packages_<x>.json: {"packages": [...], "packages_<arch>": [...]}. */
export interface PackageList {
  readonly name: string;
  readonly file: string;
  readonly packages: readonly string[];
  readonly perArch: Readonly<Record<string, readonly string[]>>;
}

export interface PkgBuildOption {
  readonly pullsources: readonly string[];
  readonly macros: readonly string[];
}

export interface PhotonTree {
  readonly root: string;
  readonly config: BuildConfig;
  readonly packageLists: ReadonlyMap<string, PackageList>;
  readonly pkgBuildOptions: ReadonlyMap<string, PkgBuildOption>;
  readonly packageWeights: ReadonlyMap<string, number>;
  /** True when this is the embedded examples/sample-tree. */
  readonly isSample: boolean;
}
