// Placeholder registration for the 'cache' command(s); replaced by its real implementation.
import type { Command } from 'commander';

export function registerCache(_program: Command): void {}
