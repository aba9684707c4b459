// Typed, expected failures of photon-build and the exit code each maps to.
// Core modules throw PhotonBuildError (or return Failure data); only src/cli prints
// them and sets process exit codes. Anything else thrown is a bug.

/** 0 ok, 1 build failed, 2 usage/config/input, 3 checksum mismatch, 4 environment, 130 interrupted. */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 130;

export const FAILURE_REASONS = [
  'usage',
  'config',
  'unknown-target',
  'target-definition',
  'cycle',
  'missing-dependency',
  'spec-syntax',
  'input',
  'exit-non-zero',
  'build-failed',
  'checksum-mismatch',
  'download',
  'no-engine',
  'environment',
  'cache',
  'aborted',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

export function isFailureReason(value: unknown): value is FailureReason {
  return typeof value === 'string' && (FAILURE_REASONS as readonly string[]).includes(value);
}

export function exitCodeFor(reason: FailureReason): ExitCode {
  switch (reason) {
    case 'usage':
    case 'config':
    case 'unknown-target':
    case 'target-definition':
    case 'cycle':
    case 'missing-dependency':
    case 'spec-syntax':
    case 'input':
      return 2;
    case 'exit-non-zero':
    case 'build-failed':
    case 'download':
    case 'cache':
      return 1;
    case 'checksum-mismatch':
      return 3;
    case 'no-engine':
    case 'environment':
      return 4;
    case 'aborted':
      return 130;
    default:
      return unreachable(reason);
  }
}

/** Where bad input was found: a file and line, or a file and key path. */
export interface Location {
  readonly file?: string;
  readonly line?: number;
  readonly key?: string;
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  const parts = [loc.file, loc.line !== undefined ? String(loc.line) : undefined].filter(Boolean);
  const where = parts.join(':');
  if (loc.key) return where ? `${where}: ${loc.key}` : loc.key;
  return where;
}

export class PhotonBuildError extends Error {
  readonly reason: FailureReason;
  readonly location: Location | undefined;
  readonly exitCode: ExitCode;

  constructor(reason: FailureReason, message: string, location?: Location, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PhotonBuildError';
    this.reason = reason;
    this.location = location;
    this.exitCode = exitCodeFor(reason);
  }

  /** One line for the terminal: "<file:line: key>: <message>". */
  oneLine(): string {
    const where = formatLocation(this.location);
    const text = this.message.replace(/\s*\n\s*/g, ' ');
    return where ? `${where}: ${text}` : text;
  }
}

export function isPhotonBuildError(e: unknown): e is PhotonBuildError {
  return e instanceof PhotonBuildError;
}

export function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
