// loadTree: finds and loads a Photon tree (build-config.json + environment, toolchain lists,
// common/data lists and options) into a PhotonTree. Reads files and runs `git rev-parse`;
// does not parse specs (src/specs does) and never writes into the tree.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PhotonTree } from './types.js';
import { parseBuildConfig } from './config.js';
import { readJsonFile } from './json-file.js';
import { pythonStringList } from './python-lists.js';
import { readPackageLists, readPackageWeights, readPkgBuildOptions } from './data-files.js';

export interface LoadTreeOptions {
  readonly dir: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly isSample?: boolean;
  readonly signal?: AbortSignal;
}

export const NO_BUILD_NUMBER = '0000000';

export async function loadTree(options: LoadTreeOptions): Promise<PhotonTree> {
  const { dir, env = process.env, isSample = false, signal } = options;
  const root = path.resolve(dir);
  const configFile = path.join(root, 'build-config.json');
  const [raw, constantsToolchain, gitBuildNumber] = await Promise.all([
    readJsonFile(configFile),
    readConstantsToolchain(root),
    // The sample tree lives inside photon-build's own checkout; its build number must not
    // follow our commits (it feeds %photon_build_number and so every cache key).
    isSample ? Promise.resolve(NO_BUILD_NUMBER) : gitShortHead(root, signal),
  ]);
  const config = parseBuildConfig({ raw, file: configFile, env, gitBuildNumber, constantsToolchain });
  const dataDir = path.join(config.photonPath, 'common', 'data');
  const [packageLists, pkgBuildOptions, packageWeights] = await Promise.all([
    readPackageLists(dataDir),
    readPkgBuildOptions(config.pkgBuildOptionsFile),
    readPackageWeights(path.join(dataDir, 'packageWeights.json')),
  ]);
  return { root, config, packageLists, pkgBuildOptions, packageWeights, isSample };
}

/**
 * `git rev-parse --short HEAD` in the tree, or "0000000" when it is not a git checkout.
 * Node's execFile, not execa: every command that loads a tree waits for this one short
 * process, and execa's per-call setup costs about as much again as git itself.
 */
export function gitShortHead(dir: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, signal, timeout: 10_000, encoding: 'utf8' }, (error, stdout) => {
      const out = String(stdout ?? '').trim();
      resolve(!error && /^[0-9a-f]{4,40}$/.test(out) ? out : NO_BUILD_NUMBER);
    });
  });
}

async function readConstantsToolchain(root: string): Promise<{ stage1: string[]; stage2: string[] } | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(root, 'support', 'package-builder', 'constants.py'), 'utf8');
  } catch {
    return undefined;
  }
  const stage1 = pythonStringList(text, 'listCoreToolChainPackages');
  const stage2 = pythonStringList(text, 'listToolChainPackages');
  if (!stage1 && !stage2) return undefined;
  return { stage1: stage1 ?? [], stage2: stage2 ?? [] };
}
