// The build-config.json keys build.py knows (master, 4.0, 5.0) with master's defaults,
// and the keys of our own "photon-build" object. Data only; validation is in config.ts.

/** photon-build-param keys and their defaults (master's build-config.json). */
export const PARAM_DEFAULTS: Readonly<Record<string, unknown>> = {
  'photon-build-type': 'chroot',
  'photon-dist-tag': '.ph5',
  'photon-release-version': '5.0',
  threads: 4,
  loglevel: 'info',
  'full-package-list-file': 'build_install_options_all.json',
  'pkg-build-options': 'pkg_build_options.json',
  'ossl-fips-in-make-check': true,
  'photon-docker-image': 'photon:5.0',
  'ph-docker-img-url': '',
  'ph-builder-tag': 'photon_builder:5.0',
  'build-src-rpm': true,
  'build-dbginfo-rpm': true,
  'build-dbginfo-rpm-list': ['glibc', 'linux', 'linux-esx'],
  'extra-packages-list': ['chromium'],
  target: 'iso',
  'compression-macro': 'w19.zstdio',
  'pull-sources-config': 'https://packages.vmware.com/photon/photon_sources/1.0',
  'publishrpm-url': 'https://packages.vmware.com/photon/photon_publish_rpms',
  'publishXrpm-url': 'https://packages.vmware.com/photon/photon_publish_x_rpms',
  'copy-to-sandbox': {},
};

/** Optional photon-build-param keys (usually set from the environment); absent by default. */
export const PARAM_OPTIONAL: readonly string[] = [
  'rpm-check-flag',
  'rpm-check-stop-on-error',
  'publish-build-dependencies',
  'kat-build',
  'canister-build',
  'acvp-build',
  'resume-build',
  'start-scheduler-server',
  'base-commit',
  'generate-pkg-list',
  'poi-image',
  'rebuild',
  'build-extra-pkgs',
  'input-photon-build-number',
  // Listed in photon-build-config.txt (stale, not read by master) but present in old configs.
  'photon-build-no',
  'photon-repo-tool',
  'target-arch',
];

export const TOP_LEVEL_KEYS: readonly string[] = [
  'photon-build-param',
  'photon-path',
  'stage-path',
  'spec-path',
  'input-rpms-path',
  'additional-path',
  'utility',
  'photon-build',
];

export const ADDITIONAL_PATH_KEYS: readonly string[] = [
  'conf-file',
  'pkg-to-be-copied-conf-file',
  'pkg-json-input',
  'photon-cache-path',
  'photon-sources-path',
  'photon-publish-rpms-path',
  'photon-publish-x-rpms-path',
  'pkg-black-list-file',
  'distributed-build-option-file',
];

export const UTILITY_KEYS: readonly string[] = ['pkg', 'input-type', 'file', 'display-option', 'img'];

export const PHOTON_BUILD_KEYS: readonly string[] = ['toolchain-stage1', 'toolchain-stage2'];

/** Environment variable -> photon-build-param key (build.py's process_env_build_params). */
export const ENV_TO_PARAM: Readonly<Record<string, string>> = {
  INPUT_PHOTON_BUILD_NUMBER: 'input-photon-build-number',
  BASE_COMMIT: 'base-commit',
  THREADS: 'threads',
  LOGLEVEL: 'loglevel',
  PHOTON_PULLSOURCES_CONFIG: 'pull-sources-config',
  PKG_BUILD_OPTIONS: 'pkg-build-options',
  PHOTON_DOCKER_IMAGE: 'photon-docker-image',
  KAT_BUILD: 'kat-build',
  CANISTER_BUILD: 'canister-build',
  ACVP_BUILD: 'acvp-build',
  BUILDDEPS: 'publish-build-dependencies',
  PH_DOCKER_IMAGE_URL: 'ph-docker-img-url',
  BUILD_SRC_RPM: 'build-src-rpm',
  BUILD_DBGINFO_RPM: 'build-dbginfo-rpm',
  SCHEDULER_SERVER: 'start-scheduler-server',
  BUILD_EXTRA_PKGS: 'build-extra-pkgs',
  RESUME_BUILD: 'resume-build',
  POI_IMAGE: 'poi-image',
  REBUILD: 'rebuild',
};

/** Keys whose environment value goes through strtobool. */
export const BOOLEAN_PARAMS: ReadonlySet<string> = new Set([
  'kat-build',
  'canister-build',
  'acvp-build',
  'publish-build-dependencies',
  'build-src-rpm',
  'build-dbginfo-rpm',
  'start-scheduler-server',
  'build-extra-pkgs',
  'resume-build',
  'rebuild',
]);

/** Environment variable -> additional-path key (process_additional_cfgs). */
export const ENV_TO_ADDITIONAL_PATH: Readonly<Record<string, string>> = {
  PHOTON_CACHE_PATH: 'photon-cache-path',
  PHOTON_SOURCES_PATH: 'photon-sources-path',
  PHOTON_PUBLISH_RPMS_PATH: 'photon-publish-rpms-path',
  PHOTON_PUBLISH_XRPMS_PATH: 'photon-publish-x-rpms-path',
  PHOTON_PKG_BLACKLIST_FILE: 'pkg-black-list-file',
  DISTRIBUTED_BUILD_CONFIG: 'distributed-build-option-file',
};
