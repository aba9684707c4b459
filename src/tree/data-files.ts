// Reads the common/data files a build needs: packages_*.json lists, pkg_build_options.json
// and packageWeights.json, validating their shape. Does not check that list entries name
// real packages (the package graph does that at resolution time).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import type { PackageList, PkgBuildOption } from './types.js';
import { isRecord, readJsonFile, stringList } from './json-file.js';

export async function readPackageLists(dataDir: string): Promise<Map<string, PackageList>> {
  let names: string[];
  try {
    names = (await readdir(dataDir)).filter((n) => /^packages_.*\.json$/.test(n)).sort();
  } catch {
    return new Map();
  }
  const lists = await Promise.all(names.map((n) => readPackageList(path.join(dataDir, n))));
  return new Map(lists.map((l) => [l.name, l]));
}

export async function readPackageList(file: string): Promise<PackageList> {
  const raw = await readJsonFile(file);
  if (!isRecord(raw)) throw new PhotonBuildError('config', 'a package list must be a JSON object', { file });
  const perArch: Record<string, readonly string[]> = {};
  let packages: readonly string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'packages') packages = stringList(value, file, key);
    else if (key.startsWith('packages_')) perArch[key.slice('packages_'.length)] = stringList(value, file, key);
    else throw new PhotonBuildError('config', `unknown key '${key}' in package list`, { file, key });
  }
  return { name: path.basename(file, '.json'), file, packages, perArch };
}

export async function readPkgBuildOptions(file: string): Promise<Map<string, PkgBuildOption>> {
  const raw = await readOptional(file);
  if (raw === undefined) return new Map();
  if (!isRecord(raw)) throw new PhotonBuildError('config', 'pkg_build_options must be a JSON object', { file });
  const out = new Map<string, PkgBuildOption>();
  for (const [pkg, value] of Object.entries(raw)) {
    if (!isRecord(value)) throw new PhotonBuildError('config', 'expected an object', { file, key: pkg });
    for (const k of Object.keys(value)) {
      if (k !== 'pullsources' && k !== 'macros') throw new PhotonBuildError('config', `unknown key '${pkg}.${k}'`, { file, key: `${pkg}.${k}` });
    }
    out.set(pkg, {
      pullsources: value['pullsources'] === undefined ? [] : stringList(value['pullsources'], file, `${pkg}.pullsources`),
      macros: value['macros'] === undefined ? [] : stringList(value['macros'], file, `${pkg}.macros`),
    });
  }
  return out;
}

export async function readPackageWeights(file: string): Promise<Map<string, number>> {
  const raw = await readOptional(file);
  if (raw === undefined) return new Map();
  if (!isRecord(raw)) throw new PhotonBuildError('config', 'packageWeights must be a JSON object', { file });
  const out = new Map<string, number>();
  for (const [pkg, value] of Object.entries(raw)) {
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new PhotonBuildError('config', `weight must be a number, got ${JSON.stringify(value)}`, { file, key: pkg });
    out.set(pkg, n);
  }
  return out;
}

async function readOptional(file: string): Promise<unknown> {
  try {
    return await readJsonFile(file);
  } catch (error) {
    if (error instanceof PhotonBuildError && /cannot read .*ENOENT/.test(error.message)) return undefined;
    throw error;
  }
}
