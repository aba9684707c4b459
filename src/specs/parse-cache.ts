// A content-addressed cache of parsed specs on disk, so repeat loads of an unchanged tree
// skip the parser. One file per (tree root realpath, arch) under <cache dir>/specs holds, per
// spec relPath: the sha256 of the spec text, every file the parse %include'd with its sha256,
// the pkg_build_options macros the parse looked up, and the PackageSpec as JSON. An entry is
// reused only when all of these still match and the file's key (parser version and parser
// source, arch, paths, macro set) is unchanged. A missing, unreadable or corrupt file is
// ignored (everything reparses); saving is best effort and never fails a load.
// Does not parse specs, read spec files or decide which specs a tree has (src/specs/load.ts).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../atomic-file.js';
import { sha256Hex as sha256 } from '../cache/fingerprint.js';
import type { PackageSpec } from './types.js';

/**
 * Bump on any change to what the spec parser (src/specs/parse.ts and the modules it uses)
 * produces. The cache key also covers a digest of the source files of src/specs, so a
 * change there invalidates the cache even when a bump is forgotten; the constant is for
 * changes that code elsewhere makes to parse results.
 */
export const PARSER_VERSION = '1';

const FORMAT = 'photon-build-parse-cache/1';

export type PackageMacros = ReadonlyMap<string, readonly string[]>;

interface Entry {
  readonly relPath: string;
  readonly hash: string;
  /** Every %include'd file the parse read (absolute path) and the sha256 of its text. */
  readonly includes: ReadonlyArray<readonly [string, string]>;
  /** Every pkg_build_options lookup the parse made: package name → macros (null: none). */
  readonly packageMacros: ReadonlyArray<readonly [string, readonly string[] | null]>;
  readonly spec: PackageSpec;
}

export interface ParseCacheReport {
  readonly file: string;
  /** What became of the file on disk: reused, absent, unreadable/corrupt, or for another key. */
  readonly loaded: 'ok' | 'absent' | 'corrupt' | 'other-key';
  readonly hits: number;
  readonly misses: number;
  readonly written: boolean;
  /** Set when the file could not be written (the load itself succeeded). */
  readonly writeError?: string;
}

export interface OpenParseCacheOptions {
  /** Directory of the cache files (<cache dir>/specs). */
  readonly dir: string;
  readonly treeRoot: string;
  readonly arch: string;
  /** Everything else every parse depends on (spec dir, macro set): any JSON value. */
  readonly keyParts: unknown;
  /** Stands for another parser version (tests). */
  readonly parserVersion?: string;
}

/** Set to off (or 0, false, no) to parse every spec on every load. */
export const PARSE_CACHE_ENV = 'PHOTON_BUILD_PARSE_CACHE';

/** Where callers keep the parse cache: <cache dir>/specs, unless the environment turns it off. */
export function parseCacheDirFor(cacheDir: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const setting = env[PARSE_CACHE_ENV]?.trim().toLowerCase();
  if (setting === 'off' || setting === '0' || setting === 'false' || setting === 'no') return undefined;
  return path.join(cacheDir, 'specs');
}

/** The cache file of a tree and arch: named by the sha256 of the tree root's realpath. */
export function parseCacheFile(dir: string, treeRoot: string, arch: string): string {
  let root = path.resolve(treeRoot);
  try {
    root = realpathSync(root);
  } catch {
    // an unresolvable root is keyed as given
  }
  return path.join(dir, `${sha256(root).slice(0, 32)}-${arch}.json`);
}

export class ParseCache {
  readonly file: string;
  private readonly key: string;
  private readonly previous: ReadonlyMap<string, Entry>;
  private readonly loaded: ParseCacheReport['loaded'];
  private readonly next = new Map<string, Entry>();
  private hits = 0;
  private misses = 0;

  private constructor(file: string, key: string, previous: ReadonlyMap<string, Entry>, loaded: ParseCacheReport['loaded']) {
    this.file = file;
    this.key = key;
    this.previous = previous;
    this.loaded = loaded;
  }

  /** Reads the cache file synchronously; never throws for its content. */
  static open(options: OpenParseCacheOptions): ParseCache {
    const file = parseCacheFile(options.dir, options.treeRoot, options.arch);
    const key = sha256(JSON.stringify([FORMAT, options.parserVersion ?? PARSER_VERSION, parserSourceDigest(), options.arch, options.keyParts]));
    const { entries, loaded } = readEntries(file, key);
    return new ParseCache(file, key, entries, loaded);
  }

  /**
   * The cached parse of `relPath` when its text hash, every include's hash and every
   * pkg_build_options lookup still match; undefined (a miss) otherwise.
   */
  lookup(relPath: string, hash: string, includeHash: (file: string) => string | undefined, packageMacros: PackageMacros | undefined): PackageSpec | undefined {
    const e = this.previous.get(relPath);
    const valid =
      e !== undefined &&
      e.hash === hash &&
      e.includes.every(([file, h]) => includeHash(file) === h) &&
      e.packageMacros.every(([name, macros]) => sameMacros(packageMacros?.get(name), macros));
    if (!valid) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.next.set(relPath, e);
    return e.spec;
  }

  /** Records a fresh parse; one whose result JSON would not reproduce exactly is not kept. */
  store(relPath: string, hash: string, spec: PackageSpec, includes: Entry['includes'], packageMacros: Entry['packageMacros']): void {
    if (isExactJson(spec)) this.next.set(relPath, { relPath, hash, includes, packageMacros, spec });
  }

  /** Writes the file (atomically) when anything differs from what was read; never throws. */
  async save(): Promise<ParseCacheReport> {
    const changed = this.loaded !== 'ok' || this.misses > 0 || this.next.size !== this.previous.size;
    const report = { file: this.file, loaded: this.loaded, hits: this.hits, misses: this.misses };
    if (!changed) return { ...report, written: false };
    try {
      const body = JSON.stringify([...this.next.values()]);
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify({ format: FORMAT, key: this.key, digest: sha256(body) })}\n${body}`);
      return { ...report, written: true };
    } catch (error) {
      return { ...report, written: false, writeError: error instanceof Error ? error.message : String(error) };
    }
  }
}

/**
 * A pkg_build_options map that records every name the parser asks for, so a cached parse is
 * reused only while those answers are the same. Iterating it reveals every name: then
 * `complete` is false and the parse is not cacheable by lookups.
 */
export class RecordingMacros implements PackageMacros {
  private readonly inner: PackageMacros;
  private readonly seen = new Map<string, readonly string[] | null>();
  complete = true;

  constructor(inner: PackageMacros) {
    this.inner = inner;
  }

  get size(): number {
    return this.inner.size;
  }
  get(name: string): readonly string[] | undefined {
    const value = this.inner.get(name);
    this.seen.set(name, value ?? null);
    return value;
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  forEach(fn: (value: readonly string[], key: string, map: PackageMacros) => void): void {
    this.complete = false;
    this.inner.forEach((v, k) => fn(v, k, this));
  }
  entries(): MapIterator<[string, readonly string[]]> {
    this.complete = false;
    return this.inner.entries();
  }
  keys(): MapIterator<string> {
    this.complete = false;
    return this.inner.keys();
  }
  values(): MapIterator<readonly string[]> {
    this.complete = false;
    return this.inner.values();
  }
  [Symbol.iterator](): MapIterator<[string, readonly string[]]> {
    return this.entries();
  }
  lookups(): Array<[string, readonly string[] | null]> {
    return [...this.seen];
  }
}

function sameMacros(current: readonly string[] | undefined, cached: readonly string[] | null): boolean {
  if (current === undefined || cached === null) return current === undefined && cached === null;
  return current.length === cached.length && current.every((m, i) => m === cached[i]);
}

function readEntries(file: string, key: string): { entries: Map<string, Entry>; loaded: ParseCacheReport['loaded'] } {
  const entries = new Map<string, Entry>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { entries, loaded: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'corrupt' };
  }
  try {
    const newline = bytes.indexOf(10);
    if (newline < 0) return { entries, loaded: 'corrupt' };
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as { format?: unknown; key?: unknown; digest?: unknown };
    if (header.format !== FORMAT) return { entries, loaded: 'corrupt' };
    if (header.key !== key) return { entries, loaded: 'other-key' };
    const body = bytes.subarray(newline + 1);
    if (header.digest !== sha256(body)) return { entries, loaded: 'corrupt' };
    const list: unknown = JSON.parse(body.toString('utf8'));
    if (!Array.isArray(list)) return { entries, loaded: 'corrupt' };
    for (const e of list) if (isEntry(e)) entries.set(e.relPath, e);
    return { entries, loaded: 'ok' };
  } catch {
    return { entries: new Map(), loaded: 'corrupt' };
  }
}

function isEntry(e: unknown): e is Entry {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  const spec = x['spec'] as Record<string, unknown> | null | undefined;
  return (
    typeof x['relPath'] === 'string' &&
    typeof x['hash'] === 'string' &&
    Array.isArray(x['includes']) &&
    x['includes'].every((i) => Array.isArray(i) && typeof i[0] === 'string' && typeof i[1] === 'string') &&
    Array.isArray(x['packageMacros']) &&
    x['packageMacros'].every((m) => Array.isArray(m) && typeof m[0] === 'string' && (m[1] === null || (Array.isArray(m[1]) && m[1].every((s) => typeof s === 'string')))) &&
    typeof spec === 'object' && spec !== null && spec['relPath'] === x['relPath'] && typeof spec['name'] === 'string'
  );
}

/** True when JSON.parse(JSON.stringify(v)) is deep-strict-equal to v (no undefined, NaN, -0, Map, class…). */
function isExactJson(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) return v.every(isExactJson);
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const k in v) if (!Object.hasOwn(v, k) || !isExactJson((v as Record<string, unknown>)[k])) return false;
      return Object.getOwnPropertySymbols(v).length === 0;
    }
    default:
      return false;
  }
}

let sourceDigest: string | undefined;

/** sha256 over this directory's modules (the parser's own code, as compiled or as run by tests). */
function parserSourceDigest(): string {
  if (sourceDigest !== undefined) return sourceDigest;
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  const ext = path.extname(here);
  const hash = createHash('sha256');
  try {
    for (const name of readdirSync(dir).filter((n) => n.endsWith(ext) && !n.endsWith(`.d${ext}`)).sort()) {
      hash.update(`${name}\0`).update(readFileSync(path.join(dir, name))).update('\0');
    }
  } catch {
    hash.update(`unreadable ${dir}`);
  }
  sourceDigest = hash.digest('hex');
  return sourceDigest;
}
