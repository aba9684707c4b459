// publish-rpms / publish-x-rpms: fetch the prebuilt RPMs named in rpmfilelist-<arch>
// (lines like "noarch/autoconf-2.71-2.ph5.noarch.rpm") into stage/PUBLISHRPMS/<arch>/,
// or copy them from PHOTON_PUBLISH_RPMS_PATH. Unlike Photon's wget loop, each file is
// verified against the repository's repodata when the repo publishes it, and recorded
// as "unverified" otherwise. Same download safety as sources (download.ts).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { FailureReason } from '../errors.js';
import { isPhotonBuildError, PhotonBuildError } from '../errors.js';
import { hashFile } from '../checksums/hash.js';
import { download } from './download.js';
import { placeFile } from './lookaside.js';
import type { PackageChecksum, RepoChecksums } from './repodata.js';
import { loadRepodata } from './repodata.js';

export interface PublishRpmsOptions {
  /** rpmfilelist-<arch> or xrpmfilelist-<arch>. */
  readonly listFile: string;
  /** publishrpm-url / publishXrpm-url. */
  readonly baseUrl: string;
  /** stage/PUBLISHRPMS or stage/PUBLISHXRPMS. */
  readonly destDir: string;
  /** PHOTON_PUBLISH_RPMS_PATH: copy from here instead of downloading. */
  readonly cachedDir?: string;
  /** Parallel transfers (default 10, as Photon's xargs -P 10). */
  readonly concurrency?: number;
  readonly lookasideDir?: string;
  readonly retries?: number;
  readonly timeoutMs?: number;
  readonly backoffMs?: number;
  readonly signal?: AbortSignal;
}

export interface PublishRpmResult {
  /** The list line. */
  readonly file: string;
  readonly path: string;
  readonly status: 'downloaded' | 'present' | 'copied' | 'failed';
  readonly verified: 'repodata' | 'unverified';
  readonly message?: string;
  readonly reason?: FailureReason;
}

export interface PublishRpmsReport {
  readonly results: readonly PublishRpmResult[];
  /** Why files are unverified (no repodata …), when they are. */
  readonly repodata: 'used' | string;
}

export async function readRpmFileList(listFile: string): Promise<string[]> {
  const text = await readFile(listFile, 'utf8').catch((e: Error) => {
    throw new PhotonBuildError('input', `cannot read the RPM file list: ${e.message}`, { file: listFile });
  });
  const lines: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!line.endsWith('.rpm') || line.startsWith('/') || line.split('/').includes('..')) {
      throw new PhotonBuildError('input', `not a relative .rpm path: ${JSON.stringify(line)}`, { file: listFile, line: i + 1 });
    }
    lines.push(line);
  });
  return lines;
}

/** stage/PUBLISHRPMS/<arch>/<file>, arch from the file name (…​.noarch.rpm → noarch). */
export function publishDestFor(destDir: string, line: string): string {
  const base = path.posix.basename(line);
  const arch = /\.([^.]+)\.rpm$/.exec(base)?.[1] ?? path.posix.dirname(line);
  return path.join(destDir, arch, base);
}

export async function pullPublishRpms(o: PublishRpmsOptions): Promise<PublishRpmsReport> {
  const lines = await readRpmFileList(o.listFile);
  const repo = await loadRepodata(o.cachedDir ?? o.baseUrl, o.signal);
  const sums = repo.ok ? repo.checksums : undefined;
  const limit = pLimit(Math.max(1, o.concurrency ?? 10));
  const results = await Promise.all(lines.map((line) => limit(() => pullOne(line, checksumFor(sums, line), o))));
  return { results, repodata: repo.ok ? 'used' : repo.why };
}

function checksumFor(sums: RepoChecksums | undefined, line: string): PackageChecksum | undefined {
  return sums?.byHref.get(line) ?? sums?.byName.get(path.posix.basename(line));
}

async function pullOne(line: string, expected: PackageChecksum | undefined, o: PublishRpmsOptions): Promise<PublishRpmResult> {
  const dest = publishDestFor(o.destDir, line);
  const verified = expected ? 'repodata' : 'unverified';
  try {
    if (o.cachedDir) return { file: line, path: dest, status: await copyCached(line, dest, expected, o), verified };
    if (!expected && (await stat(dest).catch(() => undefined))?.isFile()) return { file: line, path: dest, status: 'present', verified };
    const r = await download({
      urls: [`${o.baseUrl.replace(/\/+$/, '')}/${line}`],
      dest,
      expected,
      lookasideDir: o.lookasideDir,
      retries: o.retries,
      timeoutMs: o.timeoutMs,
      backoffMs: o.backoffMs,
      signal: o.signal,
    });
    return { file: line, path: dest, status: r.source === 'present' ? 'present' : 'downloaded', verified };
  } catch (error) {
    if (!isPhotonBuildError(error) || error.reason === 'aborted') throw error;
    return { file: line, path: dest, status: 'failed', verified, reason: error.reason, message: error.message };
  }
}

async function copyCached(line: string, dest: string, expected: PackageChecksum | undefined, o: PublishRpmsOptions): Promise<'copied'> {
  const dir = o.cachedDir!;
  const base = path.posix.basename(line);
  const candidates = [path.join(dir, line), path.join(dir, path.basename(path.dirname(dest)), base), path.join(dir, base)];
  for (const src of candidates) {
    if (!(await stat(src).catch(() => undefined))?.isFile()) continue;
    if (expected) {
      const actual = (await hashFile(src, [expected.algorithm], o.signal))[expected.algorithm];
      if (actual !== expected.hex) {
        throw new PhotonBuildError('checksum-mismatch', `${src}: ${expected.algorithm} ${actual}, repodata says ${expected.hex}`, { file: src });
      }
    }
    await placeFile(src, dest);
    return 'copied';
  }
  throw new PhotonBuildError('download', `${line} is not in ${dir}`, { file: dir });
}

/** Throws for the first failure, a checksum mismatch (exit 3) before others (exit 1). */
export function assertPublishRpmsPulled(report: PublishRpmsReport): void {
  const failed = report.results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return;
  const first = failed.find((r) => r.reason === 'checksum-mismatch') ?? failed[0]!;
  throw new PhotonBuildError(first.reason ?? 'download', `${failed.length} published RPM(s) not pulled; first: ${first.file}: ${first.message ?? ''}`);
}
