// Checks artifacts against a checksum list: locates each listed name (in the given
// files/dirs/URLs, or at the list's own links), hashes files in parallel and URLs as
// streams, and returns one result per entry. Returns data only: it never prints and
// never decides exit codes (src/cli/verify.ts does).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { availableParallelism } from 'node:os';
import { PhotonBuildError } from '../errors.js';
import type { HashAlgorithm } from './hash.js';
import { hashFile, hashStream } from './hash.js';
import type { ChecksumList, ListEntry } from './lists.js';
import { parseChecksumList } from './lists.js';
import { describeHttpError, fetchText, httpStatusOf, isUrl, openUrlStream } from './remote.js';

/** unlisted: a file named explicitly on the command line that the list does not mention. */
export type VerifyStatus = 'ok' | 'mismatch' | 'missing' | 'unreadable' | 'unlisted';

export interface VerifyResult {
  readonly name: string;
  readonly status: VerifyStatus;
  readonly algorithm?: HashAlgorithm;
  readonly expected?: string;
  readonly actual?: string;
  readonly size?: number;
  /** The file path or URL that was hashed (or looked for). */
  readonly location?: string;
  readonly message?: string;
}

export interface VerifyOptions {
  readonly list: ChecksumList;
  /** Files, directories (searched recursively by basename) or URLs; empty = the list's own locations. */
  readonly targets?: readonly string[];
  /** Default: md5 when the entry has it (Photon publishes md5), else what the list holds. */
  readonly algorithm?: HashAlgorithm;
  readonly jobs?: number;
  /** Drop listed entries that were not found instead of reporting them missing. */
  readonly ignoreMissing?: boolean;
  readonly signal?: AbortSignal;
  /** Test seam: how a URL's bytes are read. */
  readonly openUrl?: (url: string, signal?: AbortSignal) => AsyncIterable<Uint8Array>;
}

/** Read a list from a file path or an http(s) URL and parse it. */
export async function loadChecksumList(against: string, signal?: AbortSignal): Promise<ChecksumList> {
  let text: string;
  if (isUrl(against)) {
    text = await fetchText(against, signal);
  } else {
    try {
      text = await readFile(against, 'utf8');
    } catch (error) {
      throw new PhotonBuildError('input', `cannot read the checksum list: ${(error as Error).message}`, { file: against });
    }
  }
  return parseChecksumList(text, isUrl(against) ? against : path.resolve(against));
}

export function algorithmFor(entry: ListEntry, requested: HashAlgorithm | undefined): HashAlgorithm | undefined {
  if (requested) return entry.digests[requested] ? requested : undefined;
  if (entry.digests.md5) return 'md5';
  return (['sha512', 'sha256', 'sha1'] as const).find((a) => entry.digests[a]);
}

export async function verifyArtifacts(options: VerifyOptions): Promise<readonly VerifyResult[]> {
  const { list, algorithm, signal } = options;
  if (algorithm && !list.entries.some((e) => e.digests[algorithm])) {
    const has = [...new Set(list.entries.flatMap((e) => Object.keys(e.digests)))].join(', ');
    throw new PhotonBuildError('input', `the list has no ${algorithm} checksums (it has: ${has})`, { file: list.source });
  }
  const targets = options.targets ?? [];
  const located = targets.length === 0 ? ownLocations(list) : await locateTargets(list, targets);
  const limit = pLimit(Math.max(1, options.jobs ?? availableParallelism()));
  const openUrl = options.openUrl ?? openUrlStream;

  const results = await Promise.all(
    list.entries.map((entry) =>
      limit(async (): Promise<VerifyResult | undefined> => {
        const alg = algorithmFor(entry, algorithm);
        if (!alg) return { name: entry.name, status: 'unreadable', message: `no ${algorithm} checksum in the list (line ${entry.line})` };
        const expected = entry.digests[alg]!;
        const location = located.byName.get(entry.name);
        if (!location) return options.ignoreMissing ? undefined : { name: entry.name, status: 'missing', algorithm: alg, expected };
        return { name: entry.name, algorithm: alg, expected, location, ...(await hashOne(location, alg, expected, openUrl, signal)) };
      }),
    ),
  );
  const unlisted: VerifyResult[] = located.unlisted.map((p) => ({ name: path.basename(p), status: 'unlisted', location: p }));
  return [...results.filter((r): r is VerifyResult => r !== undefined), ...unlisted];
}

type HashOutcome = Pick<VerifyResult, 'status' | 'actual' | 'size' | 'message'>;

async function hashOne(
  location: string,
  alg: HashAlgorithm,
  expected: string,
  openUrl: (url: string, signal?: AbortSignal) => AsyncIterable<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<HashOutcome> {
  try {
    const d = isUrl(location) ? await hashStream(openUrl(location, signal), [alg], signal) : await hashFile(location, [alg], signal);
    const actual = d[alg]!;
    return { status: actual === expected ? 'ok' : 'mismatch', actual, size: d.size };
  } catch (error) {
    if (signal?.aborted) throw new PhotonBuildError('aborted', 'verify was interrupted');
    if (httpStatusOf(error) === 404) return { status: 'missing', message: 'HTTP 404' };
    const code = ((error as { cause?: { code?: string } }).cause ?? (error as { code?: string }))?.code;
    if (code === 'ENOENT') return { status: 'missing', message: 'file disappeared' };
    return { status: 'unreadable', message: isUrl(location) ? describeHttpError(error) : (error as Error).message };
  }
}

interface Located {
  readonly byName: ReadonlyMap<string, string>;
  readonly unlisted: readonly string[];
}

/** With no targets: links and URLs from the list, else names relative to the list. */
function ownLocations(list: ChecksumList): Located {
  const byName = new Map<string, string>();
  for (const e of list.entries) {
    if (byName.has(e.name)) continue;
    const rel = e.relPath ?? e.name;
    if (e.url) byName.set(e.name, isUrl(list.source) ? new URL(e.url, list.source).href : e.url);
    else if (isUrl(list.source)) byName.set(e.name, new URL(rel, list.source).href);
    else byName.set(e.name, path.resolve(path.dirname(list.source), rel));
  }
  return { byName, unlisted: [] };
}

async function locateTargets(list: ChecksumList, targets: readonly string[]): Promise<Located> {
  const wanted = new Set(list.entries.map((e) => e.name));
  const byName = new Map<string, string>();
  const unlisted: string[] = [];
  const add = (name: string, location: string): void => {
    if (!byName.has(name)) byName.set(name, location);
  };
  for (const target of targets) {
    if (isUrl(target)) {
      const name = decodeURIComponent(path.posix.basename(new URL(target).pathname));
      if (wanted.has(name)) add(name, target);
      else unlisted.push(target);
      continue;
    }
    const info = await stat(target).catch(() => undefined);
    if (!info) throw new PhotonBuildError('usage', `no such file or directory: ${target}`);
    if (info.isDirectory()) {
      for (const file of await walk(target, wanted)) add(path.basename(file), file);
    } else if (wanted.has(path.basename(target))) {
      add(path.basename(target), path.resolve(target));
    } else {
      unlisted.push(path.resolve(target));
    }
  }
  return { byName, unlisted };
}

/** Files under `dir` whose basename is wanted: shallower first, then sorted (first match wins). */
async function walk(dir: string, wanted: ReadonlySet<string>): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const out = entries.filter((d) => !d.isDirectory() && wanted.has(d.name)).map((d) => path.resolve(dir, d.name));
  for (const d of entries) if (d.isDirectory()) out.push(...(await walk(path.resolve(dir, d.name), wanted)));
  return out;
}
