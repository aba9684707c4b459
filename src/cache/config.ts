// How the cache is configured from flags and environment: the cache directory
// (--cache-dir, PHOTON_BUILD_CACHE_DIR, else cache/ at the package root) and the
// human units of `cache prune` (sizes like 10G, ages like 30d). Parsing only.
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import { DEFAULT_CACHE_DIR } from '../paths.js';

export const CACHE_DIR_ENV = 'PHOTON_BUILD_CACHE_DIR';

export function resolveCacheDir(flag: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): string {
  if (flag !== undefined && flag !== '') return path.resolve(cwd, flag);
  const fromEnv = env[CACHE_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(cwd, fromEnv);
  return DEFAULT_CACHE_DIR;
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "10G", "512M", "1.5GiB", "100000" → bytes (binary units). */
export function parseSize(text: string, flag = '--max-size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!m) throw new PhotonBuildError('usage', `must be a size like 10G, 512M or 1048576, got '${text}'`, { key: flag });
  return Math.floor(Number(m[1]) * SIZE_UNITS[m[2]!.toUpperCase()]!);
}

const AGE_UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "30d", "12h", "2w", "90m", "45s" → milliseconds. */
export function parseAge(text: string, flag = '--older-than'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(text);
  if (!m) throw new PhotonBuildError('usage', `must be an age like 30d, 12h, 2w, 90m or 45s, got '${text}'`, { key: flag });
  return Math.floor(Number(m[1]) * AGE_UNITS[m[2]!.toLowerCase()]!);
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}
