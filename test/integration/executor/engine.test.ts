import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_IMAGE, containersNamed, dockerEngine, removeDir, scratchDir, uniqueName } from './helpers.js';

describe('docker engine', () => {
  const engine = dockerEngine();
  let dir = '';
  beforeAll(async () => {
    dir = await scratchDir('engine');
  });
  afterAll(async () => removeDir(dir));

  it('is available and inspects an image', async () => {
    expect(await engine.available()).toBe(true);
    const info = await engine.inspectImage(BASE_IMAGE);
    expect(info?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await engine.inspectImage('photon-build/does-not-exist:nope')).toBeUndefined();
  });

  it('runs with a read-only and a read-write mount, no network, our hostname, output in the log', async () => {
    const ro = path.join(dir, 'ro');
    const rw = path.join(dir, 'rw');
    await mkdir(ro);
    await mkdir(rw);
    await writeFile(path.join(ro, 'in.txt'), 'from-host\n');
    const logFile = path.join(dir, 'logs', 'run.log');
    const script = [
      'cat /in/in.txt',
      'hostname',
      'echo to-stderr >&2',
      'ls /sys/class/net | sort | tr "\\n" " "; echo',
      'touch /in/x 2>/dev/null && echo RO-WRITABLE || echo RO-OK',
      'echo $FOO > /out/result',
    ].join('; ');
    const r = await engine.run({
      name: uniqueName('run'), image: BASE_IMAGE, command: ['sh', '-c', script], logFile,
      mounts: [{ source: ro, target: '/in', readOnly: true }, { source: rw, target: '/out' }],
      env: { FOO: 'bar' },
    });
    expect(r.ok).toBe(true);
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('from-host');
    expect(log).toContain('photon-builder');
    expect(log).toContain('to-stderr');
    expect(log).toMatch(/^lo $/m); // --network none: only loopback
    expect(log).toContain('RO-OK');
    expect(await readFile(path.join(rw, 'result'), 'utf8')).toBe('bar\n');
  });

  it('maps a non-zero exit to a typed failure naming the log file', async () => {
    const logFile = path.join(dir, 'logs', 'fail.log');
    const r = await engine.run({ name: uniqueName('fail'), image: BASE_IMAGE, command: ['sh', '-c', 'exit 7'], logFile });
    expect(r).toMatchObject({ ok: false, reason: 'exit-non-zero', exitCode: 7, logFile });
  });

  it('appends to an existing log file', async () => {
    const logFile = path.join(dir, 'logs', 'append.log');
    await engine.run({ name: uniqueName('a1'), image: BASE_IMAGE, command: ['echo', 'first'], logFile });
    await engine.run({ name: uniqueName('a2'), image: BASE_IMAGE, command: ['echo', 'second'], logFile });
    const log = await readFile(logFile, 'utf8');
    expect(log.indexOf('first')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('second')).toBeGreaterThan(log.indexOf('first'));
  });

  it('abort kills and removes the named container', async () => {
    const name = uniqueName('abort');
    const controller = new AbortController();
    const logFile = path.join(dir, 'logs', 'abort.log');
    const running = engine.run({ name, image: BASE_IMAGE, command: ['sleep', '300'], logFile, signal: controller.signal });
    // Wait until docker reports the container, then abort.
    for (let i = 0; i < 100 && (await containersNamed(name)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await containersNamed(name)).toEqual([name]);
    controller.abort();
    const r = await running;
    expect(r).toMatchObject({ ok: false, reason: 'aborted', logFile });
    expect(await containersNamed(name)).toEqual([]);
  });

  it('an already-aborted signal starts nothing', async () => {
    const name = uniqueName('pre-abort');
    const r = await engine.run({ name, image: BASE_IMAGE, command: ['true'], logFile: path.join(dir, 'logs', 'pre.log'), signal: AbortSignal.abort() });
    expect(r).toMatchObject({ ok: false, reason: 'aborted' });
    expect(await containersNamed(name)).toEqual([]);
  });
});
