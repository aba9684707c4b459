// loadSpecs: reads every SPECS/**/*.spec of a tree (sorted paths, read synchronously),
// renders *.spec.in templates in memory, parses each for one arch and drops the specs whose
// BuildArch/ExclusiveArch/ExcludeArch exclude it. With a parse cache dir, unchanged specs
// come from the content-addressed parse cache (src/specs/parse-cache.ts) instead of the
// parser. Never writes into the tree.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PhotonTree } from '../tree/types.js';
import type { PackageSpec, SpecIndex } from './types.js';
import { baseMacros, parseSpec } from './parse.js';
import { photonMacros, type PhotonMacroOptions } from './builtin-macros.js';
import { kernelInfo, renderTemplate, templateRuns } from './templates.js';
import { sha256Hex as sha256 } from '../cache/fingerprint.js';
import { ParseCache, RecordingMacros, type ParseCacheReport } from './parse-cache.js';

const TEMPLATE_SCRIPT = path.join('tools', 'scripts', 'create-kernel-deps-specs-from-template.sh');

export interface LoadSpecsOptions extends PhotonMacroOptions {
  /** Extra macros (name → value) defined after Photon's. */
  readonly macros?: ReadonlyMap<string, string>;
  /**
   * Directory of the parse cache (callers pass <cache dir>/specs): unchanged specs are not
   * parsed again. Without it every spec is parsed.
   */
  readonly parseCacheDir?: string;
  /** Called once per load with what the parse cache did (hits, misses, written). */
  readonly onParseCache?: (report: ParseCacheReport) => void;
}

interface SpecText {
  readonly file: string;
  readonly relPath: string;
  /** The spec's bytes as read, or the rendered text of a template; see textOf. */
  data: Buffer | string;
  readonly template?: string;
}

/** Decoded lazily: a parse cache hit needs only the bytes' hash. */
function textOf(t: SpecText): string {
  if (typeof t.data !== 'string') t.data = t.data.toString('utf8');
  return t.data;
}

export async function loadSpecs(tree: PhotonTree, arch: string, options: LoadSpecsOptions = {}): Promise<SpecIndex> {
  const specDir = tree.config.specPath;
  const files = listFiles(specDir);
  const specFiles = files.filter((f) => f.endsWith('.spec'));
  const templateFiles = files.filter((f) => f.endsWith('.spec.in'));
  // Synchronous reads: for ~1100 small files they cost a fraction of fs.promises' per-file
  // open/stat/read/close round trips, and parsing needs the CPU anyway.
  let texts: SpecText[] = specFiles.map((rel) => {
    const file = `${specDir}/${rel}`;
    return { file, relPath: rel, data: readFileSync(file) };
  });
  const rendered = templateFiles.length > 0 ? await renderTemplates(tree, specDir, templateFiles, texts) : undefined;
  if (rendered) {
    // The generator deletes the *.spec next to each template before writing; stale copies on
    // disk are replaced by the in-memory rendering.
    const templateDirs = new Set(templateFiles.map((t) => path.posix.dirname(t)));
    texts = [...texts.filter((t) => !templateDirs.has(path.posix.dirname(t.relPath))), ...rendered];
  }
  texts.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));

  const photon = [...photonMacros(tree, options), ...(options.macros ?? [])];
  if (!rendered) photon.push(...kernelMacros(texts, arch, photon));
  const base = baseMacros(arch, photon);
  const packageMacros = new Map([...tree.pkgBuildOptions].map(([k, v]) => [k, v.macros]));
  const includeCache = new Map<string, string>();
  const readInclude = (file: string): string => {
    let text = includeCache.get(file);
    if (text === undefined) {
      text = readFileSync(file, 'utf8');
      includeCache.set(file, text);
    }
    return text;
  };
  const cache = options.parseCacheDir === undefined ? undefined : ParseCache.open({ dir: options.parseCacheDir, treeRoot: tree.root, arch, keyParts: { specDir, macros: photon } });
  const includeHashes = new Map<string, string | undefined>();
  const includeHash = (file: string): string | undefined => {
    if (!includeHashes.has(file)) {
      let hash: string | undefined;
      try {
        hash = sha256(readInclude(file));
      } catch {
        hash = undefined; // unreadable now: the entry misses and the parse reports it
      }
      includeHashes.set(file, hash);
    }
    return includeHashes.get(file);
  };
  const parse = (t: SpecText): PackageSpec => {
    const opts = { file: t.file, relPath: t.relPath, arch, baseMacros: base };
    if (!cache) return parseSpec(textOf(t), { ...opts, packageMacros, readInclude });
    const hash = sha256(t.data);
    const hit = cache.lookup(t.relPath, hash, includeHash, packageMacros);
    if (hit) return hit;
    const included: string[] = [];
    const recording = new RecordingMacros(packageMacros);
    const spec = parseSpec(textOf(t), { ...opts, packageMacros: recording, readInclude: (f) => (included.push(f), readInclude(f)) });
    if (recording.complete) {
      const includes = [...new Set(included)].map((f) => [f, includeHash(f)] as const);
      if (includes.every((i): i is readonly [string, string] => i[1] !== undefined)) cache.store(t.relPath, hash, spec, includes, recording.lookups());
    }
    return spec;
  };
  const specs: PackageSpec[] = [];
  const skipped: { relPath: string; reason: string }[] = [];
  for (const t of texts) {
    const spec = parse(t);
    const reason = exclusionReason(spec, arch);
    if (reason) skipped.push({ relPath: t.relPath, reason });
    else specs.push(t.template ? { ...spec, template: t.template } : spec);
  }
  if (cache) {
    const report = await cache.save();
    options.onParseCache?.(report);
  }
  return { arch, specs, skipped };
}

/**
 * 4.0's SpecData defines KERNEL_VERSION, KERNEL_RELEASE and kernelsubrelease from
 * linux/linux.spec for every spec (trees without the template generator still use them).
 */
function kernelMacros(texts: readonly SpecText[], arch: string, macros: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const linux = texts.find((t) => t.relPath === 'linux/linux.spec');
  if (!linux) return [];
  let spec: PackageSpec;
  try {
    spec = parseSpec(textOf(linux), { file: linux.file, relPath: linux.relPath, arch, macros, readInclude: (f) => readFileSync(f, 'utf8') });
  } catch {
    return []; // the real parse below reports the error with its location
  }
  return kernelMacrosOf(spec);
}

/** KERNEL_VERSION, KERNEL_RELEASE and kernelsubrelease as 4.0's SpecData derives them from linux.spec. */
export function kernelMacrosOf(linux: PackageSpec): Array<[string, string]> {
  const [a = '0', b = '0', c = '0'] = linux.version.split('.');
  const relParts = linux.release.split('.');
  if (/^rc\d+$/.test(relParts[0] ?? '')) relParts.shift();
  const pad = (n: string, w: number) => String(Number(n) || 0).padStart(w, '0');
  return [
    ['KERNEL_VERSION', linux.version],
    ['KERNEL_RELEASE', linux.release],
    ['kernelsubrelease', `.${pad(a, 2)}${pad(b, 2)}${pad(c, 3)}${pad(relParts[0] ?? '0', 3)}`],
  ];
}

/** Why a spec does not build for `arch`, or undefined when it does. */
export function exclusionReason(spec: PackageSpec, arch: string): string | undefined {
  if (spec.buildArch !== 'noarch' && spec.buildArch !== arch) return `BuildArch ${spec.buildArch}`;
  if (spec.exclusiveArch && !spec.exclusiveArch.includes(arch) && !(spec.buildArch === 'noarch' && spec.exclusiveArch.includes('noarch'))) {
    return `ExclusiveArch ${spec.exclusiveArch.join(' ')}`;
  }
  if (spec.excludeArch?.includes(arch)) return `ExcludeArch ${spec.excludeArch.join(' ')}`;
  return undefined;
}

/**
 * Every *.spec and *.spec.in under `dir`, relative, '/'-separated, sorted. Synchronous
 * (fs.promises costs several times more for ~1000 directories) and walked here rather than
 * with readdir's `recursive` option, which joins and normalises a path per entry. Like that
 * option, it does not follow symbolic links, and an unreadable directory lists nothing.
 */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    const entries = readdirSync(abs, { withFileTypes: true });
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.isDirectory()) walk(`${abs}/${e.name}`, `${rel}${e.name}/`);
      else if (e.isFile() && (e.name.endsWith('.spec') || e.name.endsWith('.spec.in'))) out.push(rel + e.name);
    }
  };
  try {
    walk(dir, '');
  } catch {
    return [];
  }
  return out.sort();
}

async function renderTemplates(tree: PhotonTree, specDir: string, templates: readonly string[], specs: readonly SpecText[]): Promise<SpecText[] | undefined> {
  let script: string;
  try {
    script = readFileSync(path.join(tree.config.photonPath, TEMPLATE_SCRIPT), 'utf8');
  } catch {
    return undefined; // a tree without the generator script has no generated specs
  }
  const runs = templateRuns(script);
  const kernels = kernelInfo(specs.filter((s) => s.relPath.startsWith('linux/')).map((s) => ({ text: textOf(s) })));
  const out: SpecText[] = [];
  for (const rel of templates) {
    const text = readFileSync(path.join(specDir, rel), 'utf8');
    for (const r of renderTemplate(path.posix.basename(rel), text, runs, kernels, tree.config.distTag)) {
      const relPath = path.posix.join(path.posix.dirname(rel), r.fileName);
      out.push({ file: path.join(specDir, relPath), relPath, data: r.text, template: rel });
    }
  }
  return out;
}
