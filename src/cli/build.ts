// Placeholder registration for the 'build' command(s); replaced by its real implementation.
import type { Command } from 'commander';

export function registerBuild(_program: Command): void {}
