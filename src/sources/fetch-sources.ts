// Prefetch every Source/Patch of a set of specs before builds start, in parallel:
// a file present locally (stage/SOURCES, tree SOURCES, the spec's directory,
// PHOTON_SOURCES_PATH) with a matching checksum is used as is; otherwise it is downloaded
// by basename from the flat mirrors (`<base>/<basename>`, as Photon does; the spec's own
// Source URL is never used). Results are data per source; nothing is printed.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { FailureReason } from '../errors.js';
import { isPhotonBuildError, PhotonBuildError } from '../errors.js';
import { hashFile } from '../checksums/hash.js';
import type { PackageSpec, SourceEntry } from '../specs/types.js';
import type { DownloadProgress } from './download.js';
import { download } from './download.js';

export type SourceStatus = 'found-local' | 'downloaded' | 'failed';

export interface SourceResult {
  /** The spec's relPath (e.g. "zlib/zlib.spec"). */
  readonly spec: string;
  readonly kind: SourceEntry['kind'];
  readonly basename: string;
  readonly status: SourceStatus;
  readonly path?: string;
  readonly url?: string;
  readonly message?: string;
  /** For failures: 'checksum-mismatch' | 'download' | 'missing-dependency'. */
  readonly reason?: FailureReason;
}

export interface FetchSourcesOptions {
  readonly specs: readonly PackageSpec[];
  /** [pull-sources-config] + pkg_build_options[pkg].pullsources; a function for per-package lists. */
  readonly baseUrls: readonly string[] | ((spec: PackageSpec) => readonly string[]);
  /** stage/SOURCES: where downloads go (also searched). */
  readonly destDir: string;
  /** Searched recursively, in order: tree SOURCES, PHOTON_SOURCES_PATH … (the spec's own dir is always searched). */
  readonly localDirs?: readonly string[];
  readonly lookasideDir?: string;
  /** sources-cached: never download; everything must be found locally. */
  readonly offline?: boolean;
  /** Parallel downloads (default 8: network-bound, not CPU-bound). */
  readonly concurrency?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
  readonly backoffMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DownloadProgress & { readonly basename: string }) => void;
}

export async function fetchSources(o: FetchSourcesOptions): Promise<readonly SourceResult[]> {
  const index = await indexDirs([o.destDir, ...(o.localDirs ?? [])]);
  const limit = pLimit(Math.max(1, o.concurrency ?? 8));
  // One job per distinct file: specs sharing a tarball (or a re-listed patch) fetch it once.
  const jobs = new Map<string, Promise<Omit<SourceResult, 'spec' | 'kind'>>>();
  const work = o.specs.flatMap((spec) => [...spec.sources, ...spec.patches].map((entry) => ({ spec, entry })));
  return Promise.all(
    work.map(async ({ spec, entry }) => {
      const key = `${entry.basename}\0${entry.checksum?.hex ?? path.dirname(spec.file)}`;
      let job = jobs.get(key);
      if (!job) {
        job = limit(() => fetchOne(spec, entry, index, o));
        jobs.set(key, job);
      }
      return { spec: spec.relPath, kind: entry.kind, ...(await job) };
    }),
  );
}

async function fetchOne(spec: PackageSpec, entry: SourceEntry, index: ReadonlyMap<string, readonly string[]>, o: FetchSourcesOptions): Promise<Omit<SourceResult, 'spec' | 'kind'>> {
  const { basename, checksum } = entry;
  const candidates = [...(index.get(basename) ?? []), path.join(path.dirname(spec.file), basename)];
  if (!checksum) {
    for (const file of candidates) if ((await stat(file).catch(() => undefined))?.isFile()) return { basename, status: 'found-local', path: file };
    return { basename, status: 'failed', reason: 'missing-dependency', message: `no checksum and no local file for ${basename} (${spec.relPath}:${entry.line})` };
  }
  // Local copies that do not match are why a download is tried (as build.py does); a
  // failure then says so, with both digests, instead of only the network error.
  const mismatched: string[] = [];
  for (const file of candidates) {
    if (!(await stat(file).catch(() => undefined))?.isFile()) continue;
    const actual = (await hashFile(file, [checksum.algorithm], o.signal))[checksum.algorithm];
    if (actual === checksum.hex.toLowerCase()) return { basename, status: 'found-local', path: file };
    mismatched.push(`local ${file} has ${checksum.algorithm} ${actual}, expected ${checksum.hex.toLowerCase()} (${spec.relPath}:${entry.line})`);
  }
  if (o.offline) {
    const why = mismatched.length > 0 ? `; ${mismatched.join('; ')}` : '';
    return { basename, status: 'failed', reason: 'missing-dependency', message: `${basename} with ${checksum.algorithm} ${checksum.hex} is not in the local source directories (no downloads with cached sources)${why}` };
  }
  const bases = typeof o.baseUrls === 'function' ? o.baseUrls(spec) : o.baseUrls;
  try {
    const r = await download({
      urls: bases.map((b) => `${b.replace(/\/+$/, '')}/${encodeURIComponent(basename)}`),
      dest: path.join(o.destDir, basename),
      expected: checksum,
      lookasideDir: o.lookasideDir,
      retries: o.retries,
      timeoutMs: o.timeoutMs,
      backoffMs: o.backoffMs,
      signal: o.signal,
      onProgress: o.onProgress ? (p) => o.onProgress!({ ...p, basename }) : undefined,
    });
    return { basename, status: r.source === 'present' ? 'found-local' : 'downloaded', path: r.path, ...(r.url ? { url: r.url } : {}) };
  } catch (error) {
    if (!isPhotonBuildError(error) || error.reason === 'aborted') throw error;
    const message = mismatched.length > 0 ? `${mismatched.join('; ')}; re-downloading failed: ${error.message}` : error.message;
    return { basename, status: 'failed', reason: error.reason, message };
  }
}

/** Throws the most telling failure: a checksum mismatch (exit 3) before other failures (exit 1/2). */
export function assertSourcesFetched(results: readonly SourceResult[]): void {
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return;
  const first = failed.find((r) => r.reason === 'checksum-mismatch') ?? failed[0]!;
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more: ${failed.filter((f) => f !== first).slice(0, 5).map((f) => f.basename).join(', ')})` : '';
  throw new PhotonBuildError(first.reason ?? 'download', `${first.spec}: ${first.message ?? first.basename}${more}`);
}

/** basename → paths under each dir (recursive, symlinks followed as `find -L` does). */
async function indexDirs(dirs: readonly string[]): Promise<Map<string, string[]>> {
  const index = new Map<string, string[]>();
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const d of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, d.name);
      const isDir = d.isDirectory() || (d.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory());
      if (isDir) {
        if (depth < 16) await visit(full, depth + 1);
      } else if (!d.name.endsWith('.part') && !d.name.startsWith('.')) {
        index.set(d.name, [...(index.get(d.name) ?? []), full]);
      }
    }
  };
  for (const dir of dirs) await visit(dir, 0);
  return index;
}
