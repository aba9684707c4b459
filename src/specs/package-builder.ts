// Mutable accumulators the spec parser fills while reading (one per package, plus sources),
// and their freezing into the readonly PackageSpec / SubPackage types.
import type { Dependency, SubPackage } from './types.js';

/**
 * One frozen empty list shared by every frozen package: most subpackages have no
 * Obsoletes, Conflicts or %files paths, and ~3000 subpackages of a tree each kept their own.
 */
const EMPTY: readonly never[] = Object.freeze([]);

function orEmpty<T>(items: readonly T[]): readonly T[] {
  return items.length === 0 ? EMPTY : items;
}

export class PackageBuilder {
  buildArch: string | undefined;
  summary: string | undefined;
  epoch: number | undefined;
  version: string | undefined;
  release: string | undefined;
  readonly requires: Dependency[] = [];
  readonly provides: Dependency[] = [];
  readonly obsoletes: Dependency[] = [];
  readonly conflicts: Dependency[] = [];
  readonly files: string[] = [];
  hasFiles = false;

  name: string;
  readonly line: number;

  constructor(name: string, line: number) {
    this.name = name;
    this.line = line;
  }

  freeze(main: PackageBuilder | undefined, parseArch: string): SubPackage {
    const buildArch = this.buildArch ?? main?.buildArch ?? parseArch;
    const epoch = this.epoch ?? main?.epoch;
    return {
      name: this.name,
      ...(this.summary !== undefined ? { summary: this.summary } : {}),
      buildArch,
      requires: orEmpty(this.requires),
      provides: orEmpty(this.provides),
      obsoletes: orEmpty(this.obsoletes),
      conflicts: orEmpty(this.conflicts),
      hasFiles: this.hasFiles,
      files: this.files.length === 0 ? EMPTY : [...new Set(this.files)].sort(),
      ...(epoch !== undefined ? { epoch } : {}),
      version: this.version ?? main?.version ?? '',
      release: this.release ?? main?.release ?? '',
    };
  }
}

export interface PendingChecksum {
  readonly algorithm: 'sha1' | 'sha256' | 'sha512';
  readonly prefix: string;
  readonly hex: string;
  readonly line: number;
}
