// The plan: what a target run would do, as data. Built by build-plan.ts from the target
// closure and the package graph; executed by src/run. A plan holds no results.
import type { PackageSpec } from '../specs/types.js';

export type PlanStepKind =
  | 'pre-reqs'
  | 'stage'
  | 'sources'
  | 'publish-rpms'
  | 'check-spec-files'
  | 'generate-dep-lists'
  | 'rpm'
  | 'create-repo'
  | 'rootfs'
  | 'image'
  | 'clean'
  | 'not-supported';

interface StepBase {
  readonly id: string;
  readonly deps: readonly string[];
  /** The target whose expansion first asked for this step. */
  readonly target: string;
  readonly description: string;
}

export type PlanStep =
  | (StepBase & { readonly kind: 'pre-reqs' | 'stage' | 'sources' | 'publish-rpms' | 'check-spec-files' | 'generate-dep-lists' })
  | (StepBase & { readonly kind: 'rpm'; readonly spec: PackageSpec; readonly specKey: string; readonly stage: 'toolchain-stage1' | 'toolchain-stage2' | 'packages' })
  | (StepBase & { readonly kind: 'create-repo' })
  | (StepBase & { readonly kind: 'rootfs'; readonly list: string; readonly packages: readonly string[] })
  | (StepBase & { readonly kind: 'image'; readonly format: string; readonly imageTarget: string; readonly lists: readonly string[] })
  | (StepBase & { readonly kind: 'clean'; readonly what: string })
  | (StepBase & { readonly kind: 'not-supported'; readonly reason: string });

export interface Plan {
  /** The name as typed (alias or package name). */
  readonly requested: string;
  /** Canonical target name, or the package name for single-package builds. */
  readonly target: string;
  readonly arch: string;
  /** Dependencies first, deterministic. */
  readonly steps: readonly PlanStep[];
  /** Choices the plan made that the user should know of (env-chosen variants, …). */
  readonly notes: readonly string[];
}

/** Step kinds whose outputs go through the content-addressed cache. */
export function isCacheable(kind: PlanStepKind): boolean {
  return kind === 'rpm' || kind === 'create-repo' || kind === 'rootfs' || kind === 'image';
}
