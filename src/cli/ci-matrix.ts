// `photon-build ci-matrix <target…> [--arch x86_64,aarch64] [--format github|json]`: the
// GitHub Actions strategy.matrix for image jobs and the package stages they share.
// `--format github` prints only `{"include":[…]}` on one line (for $GITHUB_OUTPUT and
// fromJSON()); `--format json` adds the package stages and the skipped combinations.
import type { Command } from 'commander';
import { Option } from 'commander';
import { computeMatrix } from '../ci/matrix.js';
import { TARGETS_DIR } from '../paths.js';
import { loadCatalogue } from '../targets/load.js';

interface CiMatrixFlags {
  readonly arch: string[];
  readonly format: 'github' | 'json';
}

export function registerCiMatrix(program: Command): void {
  program
    .command('ci-matrix')
    .description('print the GitHub Actions matrix (target, arch, shared package stage) for image jobs')
    .argument('<targets...>', 'targets or aliases (aggregates such as all-images stand for their images)')
    .option('--arch <arches>', 'comma-separated architectures (x86_64, aarch64); repeatable', collect, [])
    .addOption(new Option('--format <format>', 'github: {"include":[…]} on one line; json: matrix, package stages and skipped jobs').choices(['github', 'json']).default('github'))
    .action(async (targets: string[], flags: CiMatrixFlags) => {
      const catalogue = await loadCatalogue(TARGETS_DIR);
      const matrix = computeMatrix(catalogue, targets, flags.arch.length > 0 ? flags.arch : ['x86_64']);
      if (flags.format === 'github') {
        process.stdout.write(`${JSON.stringify({ include: matrix.include })}\n`);
        return;
      }
      const json = { matrix: { include: matrix.include }, packageStages: matrix.packageStages, skipped: matrix.skipped };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
