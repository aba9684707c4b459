// podman with the settings these hosts need (runc, nofile 20000, nproc 32768). podman has
// its own image store: the base image is copied in from docker (docker save | podman
// load) when podman does not have it yet.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPodmanEngine, podmanBinary } from '../../../src/executor/podman.js';
import { dockerBinary } from '../../../src/executor/docker.js';
import { ensureBuilderImage } from '../../../src/executor/builder-image.js';
import { buildRpm } from '../../../src/executor/rpm-build.js';
import { SAMPLE_TREE_DIR } from '../../../src/paths.js';
import { BASE_IMAGE, removeDir, scratchDir, uniqueName } from './helpers.js';
import { hostSpec } from './spec-helper.js';

const hasPodman = existsSync(podmanBinary());

describe.skipIf(!hasPodman)('podman engine (runc, accepted ulimits)', () => {
  const engine = createPodmanEngine();
  let dir = '';
  beforeAll(async () => {
    dir = await scratchDir('podman');
    if (!(await engine.inspectImage(BASE_IMAGE))) {
      const tarball = path.join(dir, 'base.tar');
      await execa(dockerBinary(), ['save', '-o', tarball, BASE_IMAGE]);
      await execa(podmanBinary(), ['--runtime', 'runc', 'load', '-i', tarball]);
      await rm(tarball);
    }
  });
  afterAll(async () => removeDir(dir));

  it('is available and sees the base image', async () => {
    expect(await engine.available()).toBe(true);
    expect((await engine.inspectImage(BASE_IMAGE))?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('runs with mounts, network none, our hostname and the ulimits', async () => {
    const rw = path.join(dir, 'rw');
    await mkdir(rw);
    await writeFile(path.join(rw, 'in'), 'podman-in\n');
    const logFile = path.join(dir, 'run.log');
    const r = await engine.run({
      name: uniqueName('podman'), image: BASE_IMAGE, logFile, mounts: [{ source: rw, target: '/w' }],
      command: ['sh', '-c', 'cat /w/in; hostname; ls /sys/class/net | tr "\\n" " "; echo; ulimit -n; grep \"Max processes\" /proc/self/limits; echo ok > /w/out'],
    });
    expect(r.ok).toBe(true);
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('podman-in');
    expect(log).toContain('photon-builder');
    expect(log).toMatch(/^lo $/m);
    expect(log).toMatch(/^20000$/m);
    expect(log).toMatch(/^Max processes +32768 +32768/m);
    expect(await readFile(path.join(rw, 'out'), 'utf8')).toBe('ok\n');
  });

  it('abort removes the container', async () => {
    const name = uniqueName('podman-abort');
    const controller = new AbortController();
    const running = engine.run({ name, image: BASE_IMAGE, command: ['sleep', '300'], logFile: path.join(dir, 'abort.log'), signal: controller.signal });
    for (let i = 0; i < 100 && !(await engine.listContainers(name)).includes(name); i++) await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(await running).toMatchObject({ ok: false, reason: 'aborted' });
    expect(await engine.listContainers(name)).toEqual([]);
  });

  it('builds the builder image in its own store and a sample RPM with it', { timeout: 600_000 }, async () => {
    const image = await ensureBuilderImage(engine, { logDir: path.join(dir, 'image') });
    expect(image.id).toMatch(/^sha256:/);
    const spec = await hostSpec(path.join(SAMPLE_TREE_DIR, 'SPECS', 'photon-release', 'photon-release.spec'));
    const workDir = path.join(dir, 'photon-release');
    const r = await buildRpm(engine, {
      image: image.tag, name: uniqueName('podman-rpm'), treeDir: SAMPLE_TREE_DIR, spec, workDir, sourceFiles: [], installRpms: [],
      macros: { dist: '.ph5', with_check: '0' }, buildSrcRpm: false, sourceDateEpoch: 1704067200, logFile: path.join(dir, 'rpm.log'),
    });
    expect(r).toMatchObject({ ok: true, rpms: ['RPMS/noarch/photon-release-5.0-1.ph5.noarch.rpm'] });
  });
});
