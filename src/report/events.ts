// Typed events the core emits; reporters (listr2, plain lines, JSON) only listen.

export type StepOutcome = 'built' | 'cached' | 'failed' | 'skipped' | 'aborted';

export type BuildEvent =
  | { readonly type: 'run-start'; readonly target: string; readonly steps: number; readonly time: number }
  | { readonly type: 'step-start'; readonly step: string; readonly kind: string; readonly time: number }
  | { readonly type: 'step-progress'; readonly step: string; readonly message: string; readonly time: number }
  | {
      readonly type: 'step-end';
      readonly step: string;
      readonly kind: string;
      readonly outcome: StepOutcome;
      readonly durationMs: number;
      readonly time: number;
      readonly message?: string;
      readonly logFile?: string;
    }
  | { readonly type: 'artifact'; readonly path: string; readonly md5: string; readonly sha256: string; readonly size: number; readonly time: number }
  | { readonly type: 'warning'; readonly message: string; readonly time: number }
  | { readonly type: 'run-end'; readonly ok: boolean; readonly durationMs: number; readonly time: number };

export type EmitEvent = (event: BuildEvent) => void;
