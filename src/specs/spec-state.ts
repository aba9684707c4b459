// What the spec parser accumulates while reading: the main package and subpackages, header
// values (Name, Version, deps, BuildArch, sources…), checksum defines, and the final freeze
// into a PackageSpec with its required-field checks. Does no line scanning itself.
import { PhotonBuildError } from '../errors.js';
import type { ChecksumAlgorithm, Dependency, PackageSpec, SourceEntry } from './types.js';
import type { MacroTable } from './macro-table.js';
import { expand } from './expand.js';
import { parseDependencies } from './deps.js';
import { PackageBuilder, type PendingChecksum } from './package-builder.js';
import { sectionTarget } from './sections.js';
import { splitHeader } from './header-line.js';

interface Options {
  readonly file: string;
  readonly relPath: string;
  readonly arch: string;
  readonly packageMacros?: ReadonlyMap<string, readonly string[]>;
}


function pushAll<T>(to: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) to.push(items[i]!);
}

export class SpecState {
  readonly main = new PackageBuilder('', 0);
  private readonly subpackages = new Map<string, PackageBuilder>();
  readonly buildRequires: Dependency[] = [];
  readonly sources: SourceEntry[] = [];
  readonly patches: SourceEntry[] = [];
  readonly includes: string[] = [];
  private readonly checksums: PendingChecksum[] = [];
  private exclusiveArch: string[] | undefined;
  private excludeArch: string[] | undefined;
  private url: string | undefined;
  private license: string | undefined;
  hasCheck = false;
  private readonly options: Options;
  private readonly table: MacroTable;

  constructor(options: Options, table: MacroTable) {
    this.options = options;
    this.table = table;
  }

  packageNamed(name: string): PackageBuilder | undefined {
    return name === this.main.name ? this.main : this.subpackages.get(name);
  }

  newSubpackage(args: readonly string[], line: number): PackageBuilder {
    const where = { file: this.table.file, line };
    if (this.main.name === '') throw new PhotonBuildError('spec-syntax', '%package before Name', where);
    const { name } = sectionTarget(args, this.main.name);
    if (name === undefined) throw new PhotonBuildError('spec-syntax', '%package without a name', where);
    if (this.packageNamed(name)) throw new PhotonBuildError('spec-syntax', `package ${name} defined twice`, where);
    const pkg = new PackageBuilder(name, line);
    this.subpackages.set(name, pkg);
    return pkg;
  }

  header(text: string, pkg: PackageBuilder, line: number, file: string): void {
    const m = splitHeader(text);
    if (!m) return;
    const tag = m.tag.toLowerCase();
    const value = m.value.trim();
    const isMain = pkg === this.main;
    switch (tag) {
      case 'name':
        if (!isMain) return;
        pkg.name = value;
        this.table.define('name', value);
        for (const def of this.options.packageMacros?.get(value) ?? []) {
          const [k, ...v] = def.trim().split(/\s+/);
          if (k && !this.table.has(k)) this.table.define(k, v.join(' '));
        }
        return;
      case 'version':
        pkg.version = value;
        if (isMain) this.table.define('version', value);
        return;
      case 'release':
        pkg.release = value;
        if (isMain) this.table.define('release', value);
        return;
      case 'epoch':
        pkg.epoch = Number(value);
        if (isMain) this.table.define('epoch', value);
        return;
      case 'summary':
        pkg.summary = value;
        return;
      case 'url':
        if (isMain) this.url = value;
        return;
      case 'license':
        if (isMain) this.license = value;
        return;
      case 'buildrequires':
        pushAll(this.buildRequires, parseDependencies(value, this.where(line, file)));
        return;
      case 'requires': {
        const qualifier = m.qualifier?.trim().toLowerCase();
        pushAll(pkg.requires, parseDependencies(value, qualifier ? { ...this.where(line, file), qualifier } : this.where(line, file)));
        return;
      }
      case 'provides':
        pushAll(pkg.provides, parseDependencies(value, this.where(line, file)));
        return;
      case 'obsoletes':
        pushAll(pkg.obsoletes, parseDependencies(value, this.where(line, file)));
        return;
      case 'conflicts':
        pushAll(pkg.conflicts, parseDependencies(value, this.where(line, file)));
        return;
      case 'buildarch':
      case 'buildarchitectures': {
        const arches = value.split(/[\s,]+/).filter(Boolean);
        pkg.buildArch = arches.includes('noarch') ? 'noarch' : arches.includes(this.options.arch) ? this.options.arch : (arches[0] ?? pkg.buildArch);
        return;
      }
      case 'exclusivearch':
        this.exclusiveArch = [...(this.exclusiveArch ?? []), ...value.split(/[\s,]+/).filter(Boolean)];
        return;
      case 'excludearch':
        this.excludeArch = [...(this.excludeArch ?? []), ...value.split(/[\s,]+/).filter(Boolean)];
        return;
      default:
        this.sourceHeader(tag, value, line);
    }
  }

  /** Where a dependency was declared: the line, and the file when it is an %include'd one. */
  private where(line: number, file: string): { line: number; file?: string } {
    return file !== this.options.file ? { line, file } : { line };
  }

  private sourceHeader(tag: string, value: string, line: number): void {
    const m = /^(source|patch)(\d*)$/.exec(tag);
    if (!m || value === '') return;
    const kind = m[1] === 'source' ? 'source' : 'patch';
    const index = m[2] === '' ? 0 : Number(m[2]);
    const basename = value.slice(value.lastIndexOf('/') + 1);
    (kind === 'source' ? this.sources : this.patches).push({ kind, index, value, basename, line });
    const macro = `${kind === 'source' ? 'SOURCE' : 'PATCH'}${index}`;
    this.table.define(macro, `${this.table.get('_sourcedir')?.body ?? '.'}/${basename}`);
  }

  /** `%define sha512 <prefix>=<hex>` (also sha1/sha256): remembered, attached in finish(). */
  noteChecksumDefine(line: string, lineNo: number): void {
    const m = /^%(?:define|global)\s+(sha1|sha256|sha512)\s+(\S+)\s*$/.exec(line);
    if (!m) return;
    const value = expand(m[2]!, this.table);
    const eq = value.lastIndexOf('=');
    if (eq <= 0) return;
    const hex = value.slice(eq + 1).toLowerCase();
    if (!/^[0-9a-f]+$/.test(hex)) return;
    this.checksums.push({ algorithm: m[1] as ChecksumAlgorithm, prefix: value.slice(0, eq), hex, line: lineNo });
  }

  addInterpreter(pkg: PackageBuilder, interpreter: string | undefined, line: number): void {
    const prog = interpreter ?? '/bin/sh';
    if (prog.startsWith('<')) return; // <lua>: built into rpm
    if (pkg.requires.some((d) => d.qualifier === 'interp' && d.name === prog)) return;
    pkg.requires.push({ name: prog, ...(prog.startsWith('/') ? { isFile: true } : {}), line, qualifier: 'interp' });
  }

  finish(): PackageSpec {
    const { file, relPath, arch } = this.options;
    const missing = (['name', 'version', 'release'] as const).find((k) => !this.main[k]);
    if (missing) throw new PhotonBuildError('spec-syntax', `missing ${missing[0]!.toUpperCase()}${missing.slice(1)}`, { file, line: 1 });
    const sources = this.checksums.length === 0 ? this.sources : this.sources.map((s) => {
      const c = this.checksums.find((k) => s.basename.startsWith(k.prefix));
      return c ? { ...s, checksum: { algorithm: c.algorithm, hex: c.hex } } : s;
    });
    const main = this.main.freeze(undefined, arch);
    const subs = [...this.subpackages.values()].map((p) => p.freeze(this.main, arch));
    return {
      file,
      relPath,
      name: main.name,
      ...(this.main.epoch !== undefined ? { epoch: this.main.epoch } : {}),
      version: this.main.version!,
      release: this.main.release!,
      buildArch: main.buildArch,
      ...(this.exclusiveArch ? { exclusiveArch: this.exclusiveArch } : {}),
      ...(this.excludeArch ? { excludeArch: this.excludeArch } : {}),
      buildRequires: this.buildRequires,
      subpackages: [main, ...subs],
      sources,
      patches: this.patches,
      hasCheck: this.hasCheck,
      arch,
      ...(this.includes.length > 0 ? { includes: [...new Set(this.includes)] } : {}),
      ...(this.url !== undefined ? { url: this.url } : {}),
      ...(this.license !== undefined ? { license: this.license } : {}),
    };
  }
}
