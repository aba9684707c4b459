// Checksum side files (<name>.md5, <name>.sha256 in md5sum format) and the artifact
// manifest stage/images/manifest.json. Writes are atomic; manifest updates in one
// process are serialized per file. Does not verify anything (see verify.ts).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import { serialized, writeFileAtomic } from './atomic.js';
import { hashFile } from './hash.js';

export interface ArtifactChecksums {
  readonly name: string;
  readonly size: number;
  readonly md5: string;
  readonly sha256: string;
  readonly sha512: string;
}

export interface ManifestEntry extends ArtifactChecksums {
  /** Output format: iso, ova, rpi, ami, gce, azure, docker, rootfs … */
  readonly format: string;
  /** Package NEVRAs (or file names) in the image, sorted. */
  readonly packageList: readonly string[];
  /** sha256 over the package list, so two images can be compared without the list. */
  readonly packageListDigest: string;
  /** The cache key of the step that produced the artifact. */
  readonly cacheKey: string;
}

export interface Manifest {
  readonly artifacts: readonly ManifestEntry[];
}

/** sha256 over the sorted package list, one name per line (each line ends with \n). */
export function packageListDigest(packageList: readonly string[]): string {
  const h = createHash('sha256');
  for (const name of [...packageList].sort()) h.update(`${name}\n`);
  return h.digest('hex');
}

/** One md5sum/sha256sum line: "<hex>  <basename>\n" (two spaces: text mode, as coreutils). */
export function sumLine(hex: string, name: string): string {
  return `${hex}  ${name}\n`;
}

/**
 * Hash `artifactPath` once (md5, sha256, sha512) and write `<artifact>.md5` and
 * `<artifact>.sha256` next to it, each atomically.
 */
export async function writeChecksumFiles(artifactPath: string, signal?: AbortSignal): Promise<ArtifactChecksums> {
  const d = await hashFile(artifactPath, ['md5', 'sha256', 'sha512'], signal);
  const name = path.basename(artifactPath);
  const result: ArtifactChecksums = { name, size: d.size, md5: d.md5!, sha256: d.sha256!, sha512: d.sha512! };
  await writeFileAtomic(`${artifactPath}.md5`, sumLine(result.md5, name));
  await writeFileAtomic(`${artifactPath}.sha256`, sumLine(result.sha256, name));
  return result;
}

/** Read a manifest; a missing file is an empty manifest, a malformed one an input error. */
export async function readManifest(manifestPath: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { artifacts: [] };
    throw error;
  }
  return parseManifest(text, manifestPath);
}

export function parseManifest(text: string, source: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PhotonBuildError('input', `not valid JSON: ${(error as Error).message}`, { file: source });
  }
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { artifacts?: unknown }).artifacts)) {
    throw new PhotonBuildError('input', 'a manifest needs an "artifacts" array', { file: source, key: 'artifacts' });
  }
  const artifacts = (data as { artifacts: unknown[] }).artifacts;
  artifacts.forEach((a, i) => {
    const entry = a as Record<string, unknown>;
    if (typeof entry?.name !== 'string' || entry.name === '') {
      throw new PhotonBuildError('input', 'artifact without a "name"', { file: source, key: `artifacts[${i}].name` });
    }
    for (const key of ['md5', 'sha256', 'sha512'] as const) {
      if (entry[key] !== undefined && (typeof entry[key] !== 'string' || !/^[0-9a-f]+$/i.test(entry[key]))) {
        throw new PhotonBuildError('input', `not a hex digest: ${JSON.stringify(entry[key])}`, { file: source, key: `artifacts[${i}].${key}` });
      }
    }
  });
  return data as Manifest;
}

/** Insert or replace (by name) one entry; entries stay sorted by name; atomic write. */
export function updateManifest(manifestPath: string, entry: ManifestEntry): Promise<Manifest> {
  return serialized(path.resolve(manifestPath), async () => {
    const current = await readManifest(manifestPath);
    const artifacts = [...current.artifacts.filter((a) => a.name !== entry.name), entry].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const next: Manifest = { ...current, artifacts };
    await writeFileAtomic(manifestPath, `${JSON.stringify(next, null, 2)}\n`);
    return next;
  });
}
