// A ContainerEngine over a docker-compatible command line (docker, podman): argument
// building, log files, exit-status mapping and abort (kill + remove the named container).
// It does not choose the engine (select.ts) nor know what a build step is.
import { appendFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { ContainerEngine, ImageInfo, Mount, RunOptions, RunResult } from './engine.js';

export interface CliEngineConfig {
  readonly name: 'docker' | 'podman';
  readonly binary: string;
  /** Flags every `run` gets (podman: --runtime runc and the ulimits these hosts accept). */
  readonly runArgs: readonly string[];
  /** Flags every `build` gets. */
  readonly buildArgs: readonly string[];
  /** Flags before the subcommand (podman: --runtime runc for import/inspect). */
  readonly globalArgs: readonly string[];
}

export const DEFAULT_HOSTNAME = 'photon-builder';

export function mountArg(m: Mount): string {
  if (m.source.includes(',') || m.target.includes(',')) {
    // --mount cannot quote commas; -v cannot hold ':' — reject both rather than guess.
    throw new Error(`mount paths must not contain ',' (${m.source} → ${m.target})`);
  }
  return `type=bind,source=${m.source},target=${m.target}${m.readOnly ? ',readonly' : ''}`;
}

/** The argv after the binary for `run` (exported for unit tests). */
export function runArgv(cfg: CliEngineConfig, o: RunOptions): string[] {
  const argv = [...cfg.globalArgs, 'run', '--rm', '--name', o.name, '--network', o.network ?? 'none', '--hostname', o.hostname ?? DEFAULT_HOSTNAME];
  argv.push(...cfg.runArgs);
  for (const m of o.mounts ?? []) argv.push('--mount', mountArg(m));
  for (const [k, v] of Object.entries(o.env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) argv.push('-e', `${k}=${v}`);
  if (o.workdir) argv.push('-w', o.workdir);
  argv.push(...(o.extraArgs ?? []));
  argv.push(o.image, ...o.command);
  return argv;
}

/** Runs `binary argv`, stdout+stderr appended to logFile; abort → onAbort() then waits. */
async function runLogged(binary: string, argv: readonly string[], logFile: string, signal: AbortSignal | undefined, onAbort?: () => Promise<void>): Promise<RunResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  if (signal?.aborted) return { ok: false, reason: 'aborted', logFile, durationMs: 0 };
  mkdirSync(path.dirname(logFile), { recursive: true });
  let aborting: Promise<void> | undefined;
  const listener = (): void => {
    aborting = onAbort ? onAbort() : Promise.resolve();
  };
  try {
    await appendFile(logFile, `$ ${binary} ${argv.join(' ')}\n`);
    // Two O_APPEND descriptors on one file: each write lands whole at the end.
    const sink = { file: logFile, append: true } as const;
    const child = execa(binary, argv, {
      stdin: 'ignore', stdout: sink, stderr: sink, reject: false,
      // Without onAbort (build/import) the client itself is the thing to stop.
      cancelSignal: onAbort ? undefined : signal,
    });
    signal?.addEventListener('abort', listener, { once: true });
    const result = await child;
    if (aborting) await aborting;
    if (signal?.aborted) {
      // The container may have been created after our first remove: remove it again.
      if (onAbort) await onAbort();
      return { ok: false, reason: 'aborted', logFile, durationMs: elapsed() };
    }
    if (result.exitCode === 0) return { ok: true, durationMs: elapsed() };
    return { ok: false, reason: 'exit-non-zero', exitCode: result.exitCode ?? -1, logFile, durationMs: elapsed() };
  } finally {
    signal?.removeEventListener('abort', listener);
  }
}

export function createCliEngine(cfg: CliEngineConfig): ContainerEngine {
  const bin = cfg.binary;
  const quiet = async (args: readonly string[], signal?: AbortSignal): Promise<{ ok: boolean; stdout: string }> => {
    try {
      const r = await execa(bin, [...cfg.globalArgs, ...args], { reject: false, cancelSignal: signal, stdin: 'ignore', timeout: 60_000 });
      return { ok: r.exitCode === 0, stdout: String(r.stdout ?? '') };
    } catch {
      return { ok: false, stdout: '' }; // ENOENT and friends: the engine is not there
    }
  };
  const remove = async (name: string): Promise<void> => {
    // kill first so a stuck process dies even when rm -f is slow; both are idempotent.
    await quiet(['kill', name]);
    await quiet(['rm', '-f', name]);
  };
  return {
    name: cfg.name,
    async available(signal) {
      const r = await quiet(['info', '--format', '{{json .}}'], signal);
      return r.ok;
    },
    async inspectImage(tag, signal): Promise<ImageInfo | undefined> {
      const r = await quiet(['image', 'inspect', tag], signal);
      if (!r.ok) return undefined;
      const parsed = JSON.parse(r.stdout) as unknown;
      const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { Id?: string; Config?: { Labels?: Record<string, string> | null }; Labels?: Record<string, string> | null } | undefined;
      if (!first?.Id) return undefined;
      const id = first.Id.startsWith('sha256:') ? first.Id : `sha256:${first.Id}`;
      return { id, labels: { ...(first.Labels ?? {}), ...(first.Config?.Labels ?? {}) } };
    },
    async buildImage(o) {
      const argv = [...cfg.globalArgs, 'build', ...cfg.buildArgs, '-t', o.tag];
      if (o.dockerfile) argv.push('-f', o.dockerfile);
      for (const [k, v] of Object.entries(o.buildArgs ?? {})) argv.push('--build-arg', `${k}=${v}`);
      for (const [k, v] of Object.entries(o.labels ?? {})) argv.push('--label', `${k}=${v}`);
      argv.push(o.contextDir);
      return runLogged(bin, argv, o.logFile, o.signal);
    },
    async importImage(o) {
      return runLogged(bin, [...cfg.globalArgs, 'import', o.tarball, o.tag], o.logFile, o.signal);
    },
    async run(o) {
      return runLogged(bin, runArgv(cfg, o), o.logFile, o.signal, () => remove(o.name));
    },
    remove,
    async listContainers(prefix) {
      const r = await quiet(['ps', '-a', '--format', '{{.Names}}']);
      if (!r.ok) return [];
      return r.stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '' && s.startsWith(prefix)).sort();
    },
  };
}
