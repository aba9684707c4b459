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
  // Optional extras (added later; absent on hand-written configs in tests).
  /** pull-sources-config as given (a URL, or legacy a JSON file). */
  readonly pullSourcesConfig?: string;
  readonly photonDockerImage?: string;
  readonly phDockerImgUrl?: string;
  readonly phBuilderTag?: string;
  readonly osslFipsInMakeCheck?: boolean;
  readonly katBuild?: boolean;
  readonly canisterBuild?: boolean;
  readonly acvpBuild?: boolean;
  readonly publishBuildDependencies?: boolean;
  readonly buildExtraPkgs?: boolean;
  readonly resumeBuild?: boolean;
  readonly rebuild?: boolean;
  readonly baseCommit?: string;
  readonly poiImage?: string;
  /** copy-to-sandbox: {key: {src, dest}}, empty entries dropped. */
  readonly copyToSandbox?: Readonly<Record<string, { readonly src: string; readonly dest: string }>>;
  readonly pkgBlackListFile?: string;
  readonly confFile?: string;
  /** Where the toolchain lists came from. */
  readonly toolchainSource?: 'photon-build' | 'constants.py' | 'none';
}

/** common/data/packages_<x>.json: {"packages": [...], "packages_<arch>": [...]}. */
export interface PackageList {
  readonly name: string;
  readonly file: string;
  readonly packages: readonly string[];
  readonly perArch: Readonly<Record<string, readonly string[]>>;
}

/** One entry of pkg_build_options.json: extra source URLs and "name value" macros. */
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
