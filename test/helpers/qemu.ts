// Boot-test harness: runs host QEMU under TCG (never KVM), streams the first serial port
// to a log file, and stops QEMU as soon as a marker appears on it. It does not build
// images or decide what a boot should print.
import { execa } from 'execa';
import { copyFileSync, createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BootOptions {
  /** Machine-specific args (drives, firmware, -m …); -accel/-serial/-display are added here. */
  readonly args: readonly string[];
  readonly marker: string;
  readonly timeoutMs: number;
  /** Serial output is written here as it arrives. */
  readonly serialLog: string;
  /** qemu-system-x86_64 (default) or qemu-system-aarch64. */
  readonly binary?: 'qemu-system-x86_64' | 'qemu-system-aarch64';
  readonly signal?: AbortSignal;
}

export interface BootResult {
  readonly found: boolean;
  readonly elapsedMs: number;
  readonly log: string;
  /** Why QEMU stopped: the marker, its own exit, or the timeout. */
  readonly end: 'marker' | 'exited' | 'timeout';
}

export async function bootAndWatch(opts: BootOptions): Promise<BootResult> {
  if (opts.args.some((a) => /kvm/i.test(a))) throw new Error('KVM does not work on these machines: boot tests use TCG only');
  const started = performance.now();
  const out = createWriteStream(opts.serialLog);
  const child = execa(opts.binary ?? 'qemu-system-x86_64', ['-accel', 'tcg', '-display', 'none', '-monitor', 'none', '-serial', 'stdio', '-no-reboot', ...opts.args], {
    stdin: 'ignore', stderr: 'pipe', stdout: 'pipe', reject: false, buffer: false, cancelSignal: opts.signal, forceKillAfterDelay: 2000,
  });
  let log = '';
  let end: BootResult['end'] = 'exited';
  const timer = setTimeout(() => {
    end = 'timeout';
    child.kill('SIGKILL');
  }, opts.timeoutMs);
  const onData = (chunk: Buffer): void => {
    out.write(chunk);
    log += chunk.toString('latin1');
    if (end === 'exited' && log.includes(opts.marker)) {
      end = 'marker';
      child.kill('SIGKILL');
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', (c: Buffer) => { log += c.toString('latin1'); });
  await child;
  clearTimeout(timer);
  await new Promise<void>((resolve) => out.end(resolve));
  return { found: log.includes(opts.marker), elapsedMs: Math.round(performance.now() - started), log, end };
}

/** OVMF (4M) pflash drives with a fresh copy of the variable store in dir (default: a new temp dir). */
export function ovmfArgs(dir: string = mkdtempSync(path.join(os.tmpdir(), 'pb-test-images-ovmf-'))): string[] {
  const vars = path.join(dir, `OVMF_VARS_4M.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.fd`);
  copyFileSync('/usr/share/OVMF/OVMF_VARS_4M.fd', vars);
  return [
    '-drive', 'if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd',
    '-drive', `if=pflash,format=raw,file=${vars}`,
  ];
}
