// Placeholder registration for the 'graph' command(s); replaced by its real implementation.
import type { Command } from 'commander';

export function registerGraph(_program: Command): void {}
