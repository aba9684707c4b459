// Maps subpackage names to the RPM files the plan's rpm steps produced, by the exact
// file name rpmbuild writes: <sub>-<version>-<release>.<arch>.rpm.
import path from 'node:path';
import type { PackageSpec } from '../specs/types.js';

export interface RpmFile {
  readonly subpackage: string;
  /** Path relative to the stage dir (RPMS/<arch>/<file>). */
  readonly path: string;
}

export function expectedRpmName(spec: PackageSpec, subpackage: string, arch: string): string {
  return `${subpackage}-${spec.version}-${spec.release}.${arch}.rpm`;
}

/** The RPM files among `outputs` that belong to the named subpackages of `spec`. */
export function rpmFilesOf(spec: PackageSpec, outputs: readonly string[], subpackages?: ReadonlySet<string>): RpmFile[] {
  const byName = new Map(outputs.filter((o) => o.startsWith('RPMS/')).map((o) => [path.posix.basename(o), o]));
  const found: RpmFile[] = [];
  for (const sub of spec.subpackages) {
    if (!sub.hasFiles || (subpackages && !subpackages.has(sub.name))) continue;
    for (const arch of [sub.buildArch, spec.buildArch, spec.arch, 'noarch']) {
      const hit = byName.get(expectedRpmName(spec, sub.name, arch));
      if (hit) {
        found.push({ subpackage: sub.name, path: hit });
        break;
      }
    }
  }
  return found;
}
