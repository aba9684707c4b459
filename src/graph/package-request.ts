// Turns a package request (package-list files, all specs, explicit names) into the spec keys
// it names, as build.py does: list entries are subpackage names, each selecting every
// version of its spec; extra-packages-list specs are left out unless asked for.
import { PhotonBuildError } from '../errors.js';
import type { PackageList, PhotonTree } from '../tree/types.js';
import type { ProviderIndex } from './package-resolve.js';

export interface PackageRequest {
  /** Package list names (`packages_minimal`, `packages_minimal.json` or `minimal`) or every spec. */
  readonly lists: readonly string[] | 'all-specs';
  /** Extra subpackage names to build. */
  readonly packages?: readonly string[];
  /** Keep extra-packages-list (chromium) in 'all-specs' and list requests. */
  readonly includeExtra?: boolean;
}

export function findPackageList(tree: PhotonTree, id: string): PackageList {
  const base = id.replace(/\.json$/, '').replace(/^.*\//, '');
  const list = tree.packageLists.get(base) ?? tree.packageLists.get(`packages_${base}`);
  if (!list) {
    const known = [...tree.packageLists.keys()].join(', ');
    throw new PhotonBuildError('input', `unknown package list '${id}' (known: ${known || 'none'})`, { key: id });
  }
  return list;
}

export function listEntries(list: PackageList, arch: string): string[] {
  return [...list.packages, ...(list.perArch[arch] ?? [])];
}

export function requestedSpecKeys(providers: ProviderIndex, tree: PhotonTree, arch: string, request: PackageRequest): string[] {
  const extra = new Set(request.includeExtra ? [] : tree.config.extraPackagesList);
  const keys = new Set<string>();
  const allVersionsOf = (specName: string) => {
    for (const [key, spec] of providers.specsByKey) if (spec.name === specName) keys.add(key);
  };
  if (request.lists === 'all-specs') {
    for (const [key, spec] of providers.specsByKey) if (!extra.has(spec.name)) keys.add(key);
  } else {
    for (const id of request.lists) {
      const list = findPackageList(tree, id);
      for (const entry of listEntries(list, arch)) {
        const ref = providers.subpackagesNamed(entry)[0];
        if (!ref) {
          throw new PhotonBuildError('missing-dependency', `package list entry '${entry}' is not a package of any spec`, { file: list.file, key: entry });
        }
        if (!extra.has(ref.spec.name)) allVersionsOf(ref.spec.name);
      }
    }
  }
  for (const name of request.packages ?? []) {
    const ref = providers.subpackagesNamed(name)[0];
    if (!ref) throw new PhotonBuildError('missing-dependency', `'${name}' is not a package of any spec`, { key: name });
    allVersionsOf(ref.spec.name);
  }
  return [...keys].sort();
}
