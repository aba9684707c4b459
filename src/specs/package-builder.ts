// Mutable accumulators the spec parser fills while reading (one per package, plus sources),
// and their freezing into the readonly PackageSpec / SubPackage types.
import type { Dependency, SubPackage } from './types.js';

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
      requires: this.requires,
      provides: this.provides,
      obsoletes: this.obsoletes,
      conflicts: this.conflicts,
      hasFiles: this.hasFiles,
      files: [...new Set(this.files)].sort(),
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
