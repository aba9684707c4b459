// The commander program: wires one file per command and turns typed failures into a
// one-line message and an exit code. The only place that sets exit codes.
import { Command, CommanderError } from 'commander';
import { isPhotonBuildError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerBuild } from './build.js';
import { registerTargets } from './targets.js';
import { registerGraph } from './graph.js';
import { registerPlan } from './plan.js';
import { registerUtilities } from './utilities.js';
import { registerVerify } from './verify.js';
import { registerCache } from './cache.js';
import { registerCiMatrix } from './ci-matrix.js';

export function buildProgram(): Command {
  const program = new Command('photon-build')
    .version(VERSION)
    .description('Build Photon OS targets (iso, ova, rpi3, packages, …) in a builder container, cached by content.')
    .showSuggestionAfterError(true)
    .exitOverride();
  // Order matters only for --help listing; the default command (build) goes last.
  registerTargets(program);
  registerGraph(program);
  registerPlan(program);
  registerUtilities(program);
  registerVerify(program);
  registerCache(program);
  registerCiMatrix(program);
  registerBuild(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportFailure(error);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its message (or the help/version text).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  if (isPhotonBuildError(error)) {
    process.stderr.write(`photon-build: ${error.oneLine()}\n`);
    return error.exitCode;
  }
  process.stderr.write(`photon-build: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
