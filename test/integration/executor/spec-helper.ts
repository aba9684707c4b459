// A minimal PackageSpec for the executor tests, read with the host's rpmspec (Debian rpm)
// plus the raw `%define sha512 name=hex` lines. The real parser is src/specs; these tests
// need only what buildRpm and collectSources use, independent of that parser.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { PackageSpec, SourceEntry } from '../../../src/specs/types.js';

export async function hostSpec(file: string, dist = '.ph5'): Promise<PackageSpec> {
  const raw = await readFile(file, 'utf8');
  const parsed = (await execa('rpmspec', ['-P', '--define', `dist ${dist}`, file])).stdout;
  const header = (key: string): string | undefined => new RegExp(`^${key}:\\s*(.+)$`, 'mi').exec(parsed)?.[1]?.trim();
  const sums = new Map<string, string>();
  for (const m of raw.matchAll(/^%define\s+sha512\s+([^=\s]+)=([0-9a-f]+)/gm)) sums.set(m[1]!, m[2]!);
  const lines = raw.split('\n');
  const entries = (kind: 'source' | 'patch'): SourceEntry[] => {
    const re = kind === 'source' ? /^Source(\d*):\s*(\S+)/i : /^Patch(\d*):\s*(\S+)/i;
    const out: SourceEntry[] = [];
    for (const m of parsed.matchAll(new RegExp(re.source, 'gmi'))) {
      const value = m[2]!;
      const basename = value.split('/').pop()!;
      const sum = [...sums.entries()].find(([n]) => basename.startsWith(`${n}-`));
      const line = lines.findIndex((l) => new RegExp(`^${kind === 'source' ? 'Source' : 'Patch'}${m[1]}:`, 'i').test(l)) + 1;
      out.push({ kind, index: Number(m[1] || 0), value, basename, line, ...(sum ? { checksum: { algorithm: 'sha512' as const, hex: sum[1] } } : {}) });
    }
    return out;
  };
  const name = header('Name')!;
  return {
    file, relPath: `${path.basename(path.dirname(file))}/${path.basename(file)}`,
    name, version: header('Version')!, release: header('Release')!,
    buildArch: header('BuildArch') ?? 'x86_64', buildRequires: [], subpackages: [],
    sources: entries('source'), patches: entries('patch'), hasCheck: /^%check/m.test(raw), arch: 'x86_64',
  };
}
