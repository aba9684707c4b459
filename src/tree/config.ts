// Turns the raw build-config.json object plus the environment into a BuildConfig: key
// validation (unknown keys are errors with their key path), master's defaults, build.py's
// environment overrides (with RPMCHECK=0 meaning off) and path resolution.
// Does no I/O: the toolchain lists and build number are passed in by load.ts.
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import type { BuildConfig } from './types.js';
import {
  ADDITIONAL_PATH_KEYS,
  BOOLEAN_PARAMS,
  ENV_TO_ADDITIONAL_PATH,
  ENV_TO_PARAM,
  PARAM_DEFAULTS,
  PARAM_OPTIONAL,
  PHOTON_BUILD_KEYS,
  TOP_LEVEL_KEYS,
  UTILITY_KEYS,
} from './config-keys.js';
import { isRecord, stringList } from './json-file.js';

export interface ConfigInputs {
  readonly raw: unknown;
  readonly file: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Used when neither INPUT_PHOTON_BUILD_NUMBER nor the config sets one. */
  readonly gitBuildNumber: string;
  /** Toolchain lists from the tree's constants.py, when it has them. */
  readonly constantsToolchain?: { readonly stage1: readonly string[]; readonly stage2: readonly string[] };
}

/** Python's distutils strtobool: y/yes/t/true/on/1 and n/no/f/false/off/0 (plus enable/disable). */
export function strtobool(value: string, key: string, file: string): boolean {
  const v = value.trim().toLowerCase();
  if (['y', 'yes', 't', 'true', 'on', '1', 'enable'].includes(v)) return true;
  if (['n', 'no', 'f', 'false', 'off', '0', 'disable', ''].includes(v)) return false;
  throw new PhotonBuildError('config', `invalid boolean '${value}'`, { file, key });
}

export function parseBuildConfig(inputs: ConfigInputs): BuildConfig {
  const { raw, file, env } = inputs;
  if (!isRecord(raw)) throw new PhotonBuildError('config', 'build-config.json must hold a JSON object', { file });
  checkKeys(raw, TOP_LEVEL_KEYS, '', file);
  const params = objectAt(raw, 'photon-build-param', file);
  checkKeys(params, [...Object.keys(PARAM_DEFAULTS), ...PARAM_OPTIONAL], 'photon-build-param.', file);
  const additional = objectAt(raw, 'additional-path', file);
  checkKeys(additional, ADDITIONAL_PATH_KEYS, 'additional-path.', file);
  checkKeys(objectAt(raw, 'utility', file), UTILITY_KEYS, 'utility.', file);
  const ours = objectAt(raw, 'photon-build', file);
  checkKeys(ours, PHOTON_BUILD_KEYS, 'photon-build.', file);

  const p: Record<string, unknown> = { ...PARAM_DEFAULTS, ...params };
  const envSource: Record<string, string> = {};
  for (const [variable, key] of Object.entries(ENV_TO_PARAM)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    envSource[key] = variable;
    if (key === 'threads') p[key] = parseThreadsValue(value, variable, file);
    else if (BOOLEAN_PARAMS.has(key)) p[key] = strtobool(value, variable, file);
    else p[key] = value;
  }
  const rpmCheckEnv = env['RPMCHECK'];
  if (rpmCheckEnv !== undefined && rpmCheckEnv !== '') {
    // build.py stores the string, so RPMCHECK=0 enabled checks; here 0 disables.
    const stop = rpmCheckEnv.trim().toLowerCase() === 'enable_stop_on_error';
    p['rpm-check-flag'] = stop || strtobool(rpmCheckEnv, 'RPMCHECK', file);
    p['rpm-check-stop-on-error'] = stop;
  }
  const a: Record<string, unknown> = { ...additional };
  for (const [variable, key] of Object.entries(ENV_TO_ADDITIONAL_PATH)) {
    const value = env[variable];
    if (value !== undefined && value !== '') a[key] = value;
  }

  const at = (key: string) => (envSource[key] ? envSource[key] : `photon-build-param.${key}`);
  const str = (key: string): string => {
    const v = p[key];
    if (typeof v !== 'string') throw new PhotonBuildError('config', `expected a string, got ${JSON.stringify(v)}`, { file, key: at(key) });
    return v;
  };
  const bool = (key: string, fallback = false): boolean => {
    const v = p[key];
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') return strtobool(v, at(key), file);
    if (typeof v === 'number') return v !== 0;
    throw new PhotonBuildError('config', `expected a boolean, got ${JSON.stringify(v)}`, { file, key: at(key) });
  };
  const optStr = (key: string): string | undefined => (p[key] === undefined ? undefined : str(key));
  const pathStr = (obj: Record<string, unknown>, key: string, prefix: string): string | undefined => {
    const v = obj[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw new PhotonBuildError('config', `expected a path string, got ${JSON.stringify(v)}`, { file, key: prefix + key });
    return v;
  };

  const configDir = path.dirname(path.resolve(file));
  const photonPath = path.resolve(configDir, pathStr(raw, 'photon-path', '') ?? '.');
  const threads = typeof p['threads'] === 'number' ? p['threads'] : parseThreadsValue(String(p['threads']), at('threads'), file);
  const pullSourcesConfig = str('pull-sources-config');
  const buildNumber = optStr('input-photon-build-number') ?? inputs.gitBuildNumber;

  const toolchain = ours['toolchain-stage1'] !== undefined || ours['toolchain-stage2'] !== undefined
    ? {
        stage1: ours['toolchain-stage1'] === undefined ? [] : stringList(ours['toolchain-stage1'], file, 'photon-build.toolchain-stage1'),
        stage2: ours['toolchain-stage2'] === undefined ? [] : stringList(ours['toolchain-stage2'], file, 'photon-build.toolchain-stage2'),
        source: 'photon-build' as const,
      }
    : inputs.constantsToolchain
      ? { ...inputs.constantsToolchain, source: 'constants.py' as const }
      : { stage1: [], stage2: [], source: 'none' as const };

  const absolute = (v: string | undefined) => (v === undefined ? undefined : path.resolve(photonPath, v));
  return {
    photonPath,
    configFile: path.resolve(file),
    stagePath: path.join(photonPath, pathStr(raw, 'stage-path', '') ?? '', 'stage'),
    specPath: path.join(photonPath, pathStr(raw, 'spec-path', '') ?? '', 'SPECS'),
    inputRpmsPath: path.resolve(photonPath, pathStr(raw, 'input-rpms-path', '') ?? 'inputRPMS'),
    buildType: str('photon-build-type'),
    distTag: str('photon-dist-tag'),
    releaseVersion: str('photon-release-version'),
    buildNumber,
    threads,
    logLevel: str('loglevel'),
    pkgBuildOptionsFile: path.resolve(photonPath, 'common', 'data', str('pkg-build-options')),
    buildSrcRpm: bool('build-src-rpm', true),
    buildDbginfoRpm: bool('build-dbginfo-rpm', true),
    buildDbginfoRpmList: stringList(p['build-dbginfo-rpm-list'], file, at('build-dbginfo-rpm-list')),
    extraPackagesList: stringList(p['extra-packages-list'], file, at('extra-packages-list')),
    defaultTarget: str('target'),
    compressionMacro: str('compression-macro'),
    pullSourcesUrl: pullSourcesConfig,
    publishRpmUrl: str('publishrpm-url'),
    publishXRpmUrl: str('publishXrpm-url'),
    rpmCheck: bool('rpm-check-flag'),
    rpmCheckStopOnError: bool('rpm-check-stop-on-error'),
    photonCachePath: absolute(pathStr(a, 'photon-cache-path', 'additional-path.')),
    photonSourcesPath: absolute(pathStr(a, 'photon-sources-path', 'additional-path.')),
    photonPublishRpmsPath: absolute(pathStr(a, 'photon-publish-rpms-path', 'additional-path.')),
    photonPublishXRpmsPath: absolute(pathStr(a, 'photon-publish-x-rpms-path', 'additional-path.')),
    toolchainStage1: toolchain.stage1,
    toolchainStage2: toolchain.stage2,
    toolchainSource: toolchain.source,
    raw,
    pullSourcesConfig,
    photonDockerImage: str('photon-docker-image'),
    phDockerImgUrl: str('ph-docker-img-url'),
    phBuilderTag: str('ph-builder-tag'),
    osslFipsInMakeCheck: bool('ossl-fips-in-make-check', true),
    katBuild: bool('kat-build'),
    canisterBuild: bool('canister-build'),
    acvpBuild: bool('acvp-build'),
    publishBuildDependencies: bool('publish-build-dependencies'),
    buildExtraPkgs: bool('build-extra-pkgs'),
    resumeBuild: bool('resume-build'),
    rebuild: bool('rebuild'),
    baseCommit: optStr('base-commit'),
    poiImage: optStr('poi-image'),
    copyToSandbox: copyToSandbox(p['copy-to-sandbox'], file),
    pkgBlackListFile: absolute(pathStr(a, 'pkg-black-list-file', 'additional-path.')),
    confFile: absolute(pathStr(a, 'conf-file', 'additional-path.')),
  };
}

function checkKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string, file: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) throw new PhotonBuildError('config', `unknown key '${prefix}${key}'`, { file, key: prefix + key });
  }
}

function objectAt(raw: Record<string, unknown>, key: string, file: string): Record<string, unknown> {
  const v = raw[key];
  if (v === undefined) return {};
  if (!isRecord(v)) throw new PhotonBuildError('config', `'${key}' must be an object`, { file, key });
  return v;
}

function parseThreadsValue(value: string, key: string, file: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) {
    throw new PhotonBuildError('config', `threads must be an integer between 1 and 1024, got '${value}'`, { file, key });
  }
  return n;
}

function copyToSandbox(value: unknown, file: string): Record<string, { src: string; dest: string }> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new PhotonBuildError('config', 'copy-to-sandbox must be an object', { file, key: 'photon-build-param.copy-to-sandbox' });
  const out: Record<string, { src: string; dest: string }> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!isRecord(v) || v['src'] === undefined || v['dest'] === undefined) continue; // empty placeholders are skipped, as build.py does
    if (typeof v['src'] !== 'string' || typeof v['dest'] !== 'string') {
      throw new PhotonBuildError('config', 'copy-to-sandbox entries need string src and dest', { file, key: `photon-build-param.copy-to-sandbox.${k}` });
    }
    out[k] = { src: v['src'], dest: v['dest'] };
  }
  return out;
}
