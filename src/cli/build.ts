// `photon-build <target>`: the default command. Plans the target, runs it, prints the
// summary (artifact paths and checksums) and maps the outcome to an exit code. Only the
// options live here; the run (build-run.ts, with the executor, cache and reporters behind
// it) is imported when the command runs, so other commands do not load it.
import type { Command } from 'commander';
import { Option } from 'commander';
import { addArchOption, addTreeOption, parseThreads } from './options.js';

export interface BuildFlags {
  readonly tree?: string;
  readonly arch: string;
  readonly threads?: number;
  readonly engine: 'docker' | 'podman' | 'auto';
  readonly cacheDir?: string;
  readonly remoteCache?: string;
  readonly remoteCacheReadonly?: boolean;
  readonly keepGoing?: boolean;
  readonly retries: string;
  readonly json?: boolean;
  readonly trace?: string;
}

export function registerBuild(program: Command): void {
  const cmd = program
    .command('build <target>', { isDefault: true })
    .description('build a target (iso, ova, rpi3, packages, …) or a single package of the tree')
    .option('--threads <n>', 'steps run at once (default: build-config threads / THREADS)', parseThreads)
    .addOption(new Option('--engine <engine>', 'container engine').choices(['docker', 'podman', 'auto']).default('auto'))
    .option('--cache-dir <dir>', 'local cache directory (default: PHOTON_BUILD_CACHE_DIR or <photon-build>/cache)')
    .option('--remote-cache <url>', 'Bazel-style HTTP cache (GET/PUT /ac/<key>, /cas/<sha256>)')
    .option('--remote-cache-readonly', 'read the remote cache but never upload (untrusted jobs)')
    .option('--keep-going', 'build everything not downstream of a failure')
    .option('--retries <n>', 'retries for steps classified as flaky (downloads)', '0')
    .option('--json', 'JSON event stream on stdout, one object per line')
    .option('--trace <file>', 'write a Chrome trace of the run');
  addTreeOption(cmd);
  addArchOption(cmd);
  cmd.action(async (target: string, flags: BuildFlags) => {
    const { runBuild } = await import('./build-run.js');
    process.exitCode = await runBuild(target, flags, cmd.getOptionValueSource('arch') === 'cli');
  });
}
