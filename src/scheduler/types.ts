// The scheduler seam: it decides *when* steps run. Given a DAG of steps with weights it
// runs them through p-limit slots in critical-path order and emits events; it does not
// know what a step does (the runStep callback does).

export interface SchedulableStep {
  readonly id: string;
  readonly kind: string;
  /** Step ids that must succeed first. */
  readonly deps: readonly string[];
  /** Estimated duration (ms or relative weight) for critical-path priority. */
  readonly weight: number;
  /** Steps classified as flaky may be retried (--retries). */
  readonly retryable?: boolean;
}

export type StepResult =
  | { readonly ok: true; readonly outcome: 'built' | 'cached'; readonly durationMs: number }
  | { readonly ok: false; readonly reason: string; readonly message: string; readonly logFile?: string; readonly durationMs: number };

export interface ScheduleOptions {
  readonly threads: number;
  readonly keepGoing: boolean;
  readonly retries: number;
  readonly signal?: AbortSignal;
}

export interface ScheduleSummary {
  readonly ok: boolean;
  readonly results: ReadonlyMap<string, StepResult>;
  /** Steps never started because a dependency failed or the run stopped. */
  readonly skipped: readonly string[];
  readonly aborted: boolean;
}
