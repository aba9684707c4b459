// Options shared by several commands (--tree, --threads, --engine, --cache-dir, --json)
// and how they resolve. Only parsing and path resolution; no building.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { PhotonBuildError } from '../errors.js';
import { SAMPLE_TREE_DIR } from '../paths.js';

export interface TreeChoice {
  readonly dir: string;
  readonly isSample: boolean;
}

/**
 * --tree wins; else the cwd when it holds build-config.json (as `make` in a Photon
 * checkout); else the embedded sample tree.
 */
export function resolveTreeDir(treeOption: string | undefined, cwd: string = process.cwd()): TreeChoice {
  if (treeOption !== undefined) {
    const dir = path.resolve(cwd, treeOption);
    if (!existsSync(path.join(dir, 'build-config.json'))) {
      throw new PhotonBuildError('usage', `no build-config.json in ${dir}`, { key: '--tree' });
    }
    return { dir, isSample: path.resolve(dir) === path.resolve(SAMPLE_TREE_DIR) };
  }
  if (existsSync(path.join(cwd, 'build-config.json'))) return { dir: path.resolve(cwd), isSample: false };
  return { dir: SAMPLE_TREE_DIR, isSample: true };
}

export function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) {
    throw new PhotonBuildError('usage', `--threads must be an integer between 1 and 1024, got '${value}'`, { key: '--threads' });
  }
  return n;
}

export function addTreeOption(cmd: Command): Command {
  return cmd.option('--tree <dir>', 'Photon source tree (default: cwd if it has build-config.json, else the embedded sample tree)');
}

export function addArchOption(cmd: Command): Command {
  return cmd.addOption(new Option('--arch <arch>', 'target architecture').choices(['x86_64', 'aarch64']).default('x86_64'));
}
