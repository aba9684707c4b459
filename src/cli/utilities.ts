// Placeholder registration for the 'utilities' command(s); replaced by its real implementation.
import type { Command } from 'commander';

export function registerUtilities(_program: Command): void {}
