// Finds every Source/Patch of a spec on the host and verifies it against the checksum
// the spec declares (%define sha512 name=hex, or sha256/sha1) before anything uses it.
// Looks in the given dirs, then the tree's SOURCES/, then the spec's own directory.
// Does not download (src/sources does); a missing file is an input error.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import type { PackageSpec, SourceEntry } from '../specs/types.js';

export interface CollectOptions {
  readonly treeDir: string;
  /** Searched first, in order (e.g. stage/SOURCES, a sources cache). */
  readonly searchDirs?: readonly string[];
}

export async function fileDigest(file: string, algorithm: 'sha1' | 'sha256' | 'sha512', signal?: AbortSignal): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

async function locate(entry: SourceEntry, dirs: readonly string[]): Promise<string | undefined> {
  for (const dir of dirs) {
    const candidate = path.join(dir, entry.basename);
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

/** Host paths of every source and patch of spec, in spec order, each verified. */
export async function collectSources(spec: PackageSpec, o: CollectOptions, signal?: AbortSignal): Promise<string[]> {
  const dirs = [...(o.searchDirs ?? []), path.join(o.treeDir, 'SOURCES'), path.dirname(spec.file)];
  const found: string[] = [];
  for (const entry of [...spec.sources, ...spec.patches]) {
    const file = await locate(entry, dirs);
    if (!file) {
      throw new PhotonBuildError('input', `${entry.kind} ${entry.basename} of ${spec.name} not found (looked in ${dirs.join(', ')})`, { file: spec.file, line: entry.line });
    }
    if (entry.checksum) {
      const actual = await fileDigest(file, entry.checksum.algorithm, signal);
      if (actual !== entry.checksum.hex.toLowerCase()) {
        throw new PhotonBuildError(
          'checksum-mismatch',
          `${entry.checksum.algorithm} of ${file} does not match the spec: expected ${entry.checksum.hex} actual ${actual}`,
          { file: spec.file, line: entry.line },
        );
      }
    }
    found.push(file);
  }
  return found;
}
