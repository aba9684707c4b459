// Placeholder registration for the 'plan' command(s); replaced by its real implementation.
import type { Command } from 'commander';

export function registerPlan(_program: Command): void {}
