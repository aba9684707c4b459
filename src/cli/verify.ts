// `photon-build verify --against <list> [<dir|file|url>…]`: compares artifacts with an
// md5sum/sha256sum/sha512sum file, a stage manifest.json or a Photon download page table
// (Markdown), local or by URL; prints a table or JSON and chooses the exit code:
// 0 all ok, 3 any mismatch, 1 any missing/unreadable/unlisted, 2 unusable list or usage.
import type { Command } from 'commander';
import { Option } from 'commander';
import { PhotonBuildError } from '../errors.js';
import type { HashAlgorithm } from '../checksums/hash.js';
import type { VerifyResult } from '../checksums/verify.js';

export interface VerifyCommandOptions {
  readonly against: string;
  readonly algorithm?: HashAlgorithm;
  readonly json?: boolean;
  readonly jobs?: number;
  readonly ignoreMissing?: boolean;
}

export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processOutput: Output = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check artifacts against an md5sum/sha256sum/sha512sum file, a manifest.json or a Photon download page (Markdown); the list may be a URL')
    .argument('[paths...]', 'files, directories (matched by file name) or URLs; none: the list\'s own links, or names next to the list')
    .requiredOption('--against <list>', 'checksum list: file or http(s) URL; format detected from the content')
    .addOption(new Option('--algorithm <name>', 'digest to compare (default: md5 when listed, else what the list holds)').choices(['md5', 'sha1', 'sha256', 'sha512']))
    .option('--json', 'print results as JSON')
    .option('--jobs <n>', 'files hashed in parallel (default: number of cores)', parseJobs)
    .option('--ignore-missing', 'skip listed artifacts that are not found instead of failing')
    .action(async (paths: string[], opts: VerifyCommandOptions) => {
      // Ctrl-C aborts hashing and downloads; main() maps the 'aborted' error to 130.
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        const code = await runVerify(paths, opts, processOutput, controller.signal);
        if (code !== 0) process.exitCode = code;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

export function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new PhotonBuildError('usage', `--jobs must be an integer between 1 and 256, got '${value}'`, { key: '--jobs' });
  return n;
}

/**
 * Runs verify and prints its report. Returns 0 (all ok) or 1 (missing, unreadable or
 * unlisted); throws PhotonBuildError('checksum-mismatch') (exit 3) after printing when
 * any digest differs, and 'input'/'usage' errors (exit 2) for an unusable list.
 */
export async function runVerify(paths: readonly string[], opts: VerifyCommandOptions, io: Output = processOutput, signal?: AbortSignal): Promise<number> {
  // Imported here, not at the top: the HTTP client behind it is only loaded by a verify run.
  const { loadChecksumList, verifyArtifacts } = await import('../checksums/verify.js');
  const list = await loadChecksumList(opts.against, signal);
  const results = await verifyArtifacts({
    list,
    targets: paths,
    algorithm: opts.algorithm,
    jobs: opts.jobs,
    ignoreMissing: opts.ignoreMissing,
    signal,
  });
  const count = (s: VerifyResult['status']): number => results.filter((r) => r.status === s).length;
  const mismatches = count('mismatch');
  const failures = results.length - count('ok') - mismatches;
  const ok = mismatches === 0 && failures === 0;
  if (opts.json) {
    io.out(`${JSON.stringify({ list: list.source, format: list.format, ok, results }, null, 2)}\n`);
  } else {
    io.out(formatTable(results));
    io.out(`${count('ok')} ok, ${mismatches} mismatch, ${count('missing')} missing, ${count('unreadable')} unreadable, ${count('unlisted')} unlisted (${list.format} list ${list.source})\n`);
  }
  if (mismatches > 0) {
    const names = results.filter((r) => r.status === 'mismatch').map((r) => r.name);
    throw new PhotonBuildError('checksum-mismatch', `${mismatches} artifact(s) do not match ${list.source}: ${names.join(', ')}`);
  }
  if (failures > 0) {
    io.err(`photon-build: ${failures} artifact(s) could not be verified (missing, unreadable or not in the list)\n`);
    return 1;
  }
  if (results.length === 0) {
    io.err('photon-build: nothing was verified\n');
    return 1;
  }
  return 0;
}

export function formatTable(results: readonly VerifyResult[]): string {
  const rows = [
    ['NAME', 'STATUS', 'EXPECTED', 'ACTUAL'],
    ...results.map((r) => [r.name, r.status, r.expected ?? '-', r.actual ?? (r.message ? `(${r.message})` : '-')]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => `${row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ')}\n`).join('');
}
