// Placeholder registration for the 'verify' command(s); replaced by its real implementation.
import type { Command } from 'commander';

export function registerVerify(_program: Command): void {}
