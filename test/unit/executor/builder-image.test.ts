import { mkdtemp, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE_LABEL, ensureBuilderImage } from '../../../src/executor/builder-image.js';
import type { ContainerEngine, ImageInfo } from '../../../src/executor/engine.js';

/** An engine that knows a few images and records builds; nothing runs. */
function fakeEngine(images: Map<string, ImageInfo>, builds: string[]): ContainerEngine {
  return {
    name: 'docker',
    available: async () => true,
    inspectImage: async (tag) => images.get(tag),
    buildImage: async (o) => {
      builds.push(o.tag);
      images.set(o.tag, { id: `sha256:${'b'.repeat(64)}`, labels: { ...o.labels } });
      return { ok: true, durationMs: 1 };
    },
    importImage: async () => ({ ok: true, durationMs: 1 }),
    run: async () => ({ ok: true, durationMs: 1 }),
    remove: async () => undefined,
    listContainers: async () => [],
  };
}

async function dockerfile(text: string): Promise<{ file: string; digest: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pb-unit-executor-'));
  const file = path.join(dir, 'Dockerfile');
  await writeFile(file, text);
  return { file, digest: createHash('sha256').update(text).digest('hex') };
}

describe('ensureBuilderImage (fake engine)', () => {
  it('does nothing but inspect when the label matches the Dockerfile', async () => {
    const { file, digest } = await dockerfile('ARG BASE=base:x\nFROM ${BASE}\n');
    const builds: string[] = [];
    const images = new Map([['photon-build/builder:latest', { id: `sha256:${'a'.repeat(64)}`, labels: { [DOCKERFILE_LABEL]: digest } }]]);
    const r = await ensureBuilderImage(fakeEngine(images, builds), { dockerfile: file, logDir: path.dirname(file) });
    expect(r).toMatchObject({ built: false, id: `sha256:${'a'.repeat(64)}` });
    expect(builds).toEqual([]);
  });

  it('rebuilds when the Dockerfile changed, labelling the new digest', async () => {
    const { file, digest } = await dockerfile('ARG BASE=base:x\nFROM ${BASE}\nRUN true\n');
    const builds: string[] = [];
    const images = new Map<string, ImageInfo>([
      ['photon-build/builder:latest', { id: `sha256:${'a'.repeat(64)}`, labels: { [DOCKERFILE_LABEL]: 'old' } }],
      ['base:x', { id: `sha256:${'c'.repeat(64)}`, labels: {} }],
    ]);
    const progress: string[] = [];
    const r = await ensureBuilderImage(fakeEngine(images, builds), { dockerfile: file, logDir: path.dirname(file), onProgress: (m) => progress.push(m) });
    expect(r.built).toBe(true);
    expect(builds).toEqual(['photon-build/builder:latest']);
    expect(images.get('photon-build/builder:latest')?.labels[DOCKERFILE_LABEL]).toBe(digest);
    expect(progress.join('\n')).toMatch(/out of date/);
  });

  it('a missing base image without debootstrap is an environment error (exit 4) saying what to install', async () => {
    const { file } = await dockerfile('ARG BASE=base:missing\nFROM ${BASE}\n');
    const builds: string[] = [];
    const e = await ensureBuilderImage(fakeEngine(new Map(), builds), { dockerfile: file, logDir: path.dirname(file), debootstrap: '/nonexistent/debootstrap' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ reason: 'environment', exitCode: 4 });
    expect((e as Error).message).toContain('apt-get install debootstrap');
    expect((e as Error).message).toContain('base:missing');
    expect(builds).toEqual([]);
  });
});
