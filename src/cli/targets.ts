// Placeholder registration for the 'targets' command(s); replaced by its real implementation.
import type { Command } from 'commander';

export function registerTargets(_program: Command): void {}
