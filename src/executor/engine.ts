// The ContainerEngine seam: how photon-build talks to docker or podman. Implementations
// live in docker.ts / podman.ts (execa); tests of plan/scheduler pass fakes.
// This file holds only the interface and its data types.

export interface Mount {
  readonly source: string;
  readonly target: string;
  readonly readOnly?: boolean;
}

export interface RunOptions {
  /** Container name; must be unique per run (photon-build-<run>-<step>). */
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly mounts?: readonly Mount[];
  readonly env?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  /** Build steps run with network "none"; only setup steps get the default bridge. */
  readonly network?: 'none' | 'bridge';
  readonly hostname?: string;
  /** stdout+stderr are appended to this file (stage/LOGS/<step>.log). */
  readonly logFile: string;
  readonly signal?: AbortSignal;
  /** Extra engine flags (e.g. --device for QEMU boot tests); use sparingly. */
  readonly extraArgs?: readonly string[];
}

export type RunResult =
  | { readonly ok: true; readonly durationMs: number }
  | { readonly ok: false; readonly reason: 'exit-non-zero'; readonly exitCode: number; readonly logFile: string; readonly durationMs: number }
  | { readonly ok: false; readonly reason: 'aborted'; readonly logFile: string; readonly durationMs: number };

export interface ImageInfo {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ContainerEngine {
  readonly name: 'docker' | 'podman';
  /** The engine answers (daemon up, runtime usable). */
  available(signal?: AbortSignal): Promise<boolean>;
  inspectImage(tag: string, signal?: AbortSignal): Promise<ImageInfo | undefined>;
  buildImage(opts: {
    readonly tag: string;
    readonly contextDir: string;
    readonly dockerfile?: string;
    readonly buildArgs?: Readonly<Record<string, string>>;
    readonly labels?: Readonly<Record<string, string>>;
    readonly logFile: string;
    readonly signal?: AbortSignal;
  }): Promise<RunResult>;
  /** `docker import` of a rootfs tarball stream from a file. */
  importImage(opts: { readonly tarball: string; readonly tag: string; readonly logFile: string; readonly signal?: AbortSignal }): Promise<RunResult>;
  run(opts: RunOptions): Promise<RunResult>;
  /** Kill and remove a container by name; never throws. */
  remove(name: string): Promise<void>;
  /** Names of containers (any state, as `ps -a`) whose name starts with prefix, sorted. */
  listContainers(prefix: string): Promise<string[]>;
}
