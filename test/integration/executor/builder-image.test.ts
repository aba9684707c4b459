import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILDER_TAG, DOCKERFILE_LABEL, baseImageOf, ensureBuilderImage } from '../../../src/executor/builder-image.js';
import { checkPreReqs } from '../../../src/executor/prereqs.js';
import { DOCKERFILE } from '../../../src/paths.js';
import { builderImage, dockerEngine, removeDir, scratchDir } from './helpers.js';

describe('builder image', () => {
  const engine = dockerEngine();
  let logDir = '';
  beforeAll(async () => {
    logDir = await scratchDir('image-logs');
    await builderImage(); // builds it when missing or stale (cold path)
  });
  afterAll(async () => removeDir(logDir));

  it('carries the sha256 of the Dockerfile as a label', async () => {
    const info = await engine.inspectImage(BUILDER_TAG);
    const digest = createHash('sha256').update(await readFile(DOCKERFILE)).digest('hex');
    expect(info?.labels[DOCKERFILE_LABEL]).toBe(digest);
  });

  it('a second call only inspects: built false, same id', async () => {
    const first = await engine.inspectImage(BUILDER_TAG);
    const progress: string[] = [];
    const r = await ensureBuilderImage(engine, { logDir, onProgress: (m) => progress.push(m) });
    expect(r).toMatchObject({ tag: BUILDER_TAG, built: false, id: first?.id });
    expect(progress).toEqual([]);
    expect(r.durationMs).toBeLessThan(5_000);
  });

  it('has the tools and the kernel the sample tree expects', async () => {
    const logFile = path.join(logDir, 'tools.log');
    const r = await engine.run({
      name: `pb-test-executor-tools-${process.pid}`, image: BUILDER_TAG, logFile,
      command: ['sh', '-c', 'rpmbuild --version && createrepo_c --version && test -x /bin/busybox && test -s /opt/photon-build/kernel/vmlinuz && cat /opt/photon-build/kernel/version && find /opt/photon-build/kernel/modules -name "*.ko" | wc -l'],
    });
    expect(r.ok).toBe(true);
    const log = await readFile(logFile, 'utf8');
    expect(log).toMatch(/RPM version 4\.18/);
    expect(log).toMatch(/^\d+\.\d+\.\d+-\d+-amd64$/m);
  });

  it('check-pre-reqs answers with the engine and the current image', async () => {
    const r = await checkPreReqs({ engineChoice: 'auto', logDir });
    expect(r.engine.name).toBe('docker');
    expect(r.image).toMatchObject({ tag: BUILDER_TAG, built: false });
  });

  it('reads the base image from the Dockerfile ARG', () => {
    expect(baseImageOf('ARG BASE=photon-build/base:bookworm\nFROM ${BASE}\n')).toBe('photon-build/base:bookworm');
    expect(baseImageOf('FROM scratch\n')).toBe('photon-build/base:bookworm');
  });
});
