// Placeholder registration for the 'ci-matrix' command(s); replaced by its real implementation.
import type { Command } from 'commander';

export function registerCiMatrix(_program: Command): void {}
