// `photon-build plan <target>`: exactly the steps `photon-build <target>` would run, in
// order, with each cacheable step's key and whether the cache has it. Executes nothing.
// The options live here; plan-run.ts (plan, cache and engine lookups) is imported when
// the command runs.
import type { Command } from 'commander';
import { addArchOption, addTreeOption } from './options.js';

export interface PlanFlags {
  readonly tree?: string;
  readonly arch: string;
  readonly json?: boolean;
  readonly cacheDir?: string;
}

export function registerPlan(program: Command): void {
  const cmd = program
    .command('plan <target>')
    .description('print the ordered steps a target would run, with cache keys and hit/miss; runs nothing')
    .option('--json', 'machine-readable plan')
    .option('--cache-dir <dir>', 'local cache directory');
  addTreeOption(cmd);
  addArchOption(cmd);
  cmd.action(async (target: string, flags: PlanFlags) => {
    const { runPlan } = await import('./plan-run.js');
    await runPlan(target, flags, cmd.getOptionValueSource('arch') === 'cli');
  });
}
