import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildRootfs } from '../../../src/images/rootfs.js';
import { buildDockerImage } from '../../../src/images/docker-image.js';
import { dockerArchiveName, rootfsTarballName } from '../../../src/images/names.js';
import { EPOCH, MINIMAL_PACKAGES, buildSampleRpms, builderImage, engine, scratch, tool } from './fixture.js';

const sha256 = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const DOCKER = '/usr/bin/docker';

describe('photon-docker-image (hand-written docker-archive + rootfs tar.gz)', () => {
  let image = '';
  let work: string;
  let rootfs: string;
  const tag = `pb-test-images-photon:5.0-${process.pid}`;
  const id = { releaseVersion: '5.0', buildNumber: 'abc1234', arch: 'x86_64' };

  beforeAll(async () => {
    image = await builderImage();
    work = scratch('docker');
    await buildSampleRpms(work);
    rootfs = path.join(work, 'rootfs', 'minimal.tar');
    await buildRootfs(engine(), { image, repoDir: work, arch: 'x86_64', sourceDateEpoch: EPOCH, name: 'minimal', packages: MINIMAL_PACKAGES, outFile: rootfs, logFile: path.join(work, 'LOGS', 'rootfs.log') });
  });
  afterAll(async () => {
    await tool(DOCKER, ['rmi', '-f', tag]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('docker load accepts the archive, tags it, and the image runs the rootfs programs', async () => {
    const outFile = path.join(work, 'stage', dockerArchiveName(id));
    const gz = path.join(work, 'stage', rootfsTarballName(id));
    const t0 = performance.now();
    const r = await buildDockerImage({ rootfs, releaseVersion: '5.0', arch: 'x86_64', outFile, rootfsTarGz: gz, tag, sourceDateEpoch: EPOCH });
    console.log(`photon-docker-image: ${Math.round(performance.now() - t0)} ms`);
    expect(path.basename(outFile)).toBe('photon-docker-5.0-abc1234.x86_64.tar');
    const load = await tool(DOCKER, ['load', '-i', outFile]);
    expect(load.code).toBe(0);
    expect(load.out).toContain(`Loaded image: ${tag}`);
    const inspect = await tool(DOCKER, ['image', 'inspect', '--format', '{{.Id}} {{.Architecture}} {{.Created}} {{json .Config.Cmd}}', tag]);
    expect(inspect.out.trim()).toBe(`${r.imageId} amd64 2024-01-01T00:00:00Z ["/bin/sh"]`);
    const run = await tool(DOCKER, ['run', '--rm', '--network', 'none', '--name', `pb-test-images-run-${process.pid}`, tag, '/usr/bin/hello']);
    expect(run.out.trim()).toBe('Hello, Photon! (libgreet 1.0)');
    const release = await tool(DOCKER, ['run', '--rm', '--network', 'none', '--name', `pb-test-images-rel-${process.pid}`, tag, 'cat', '/etc/os-release']);
    expect(release.out).toContain('PRETTY_NAME="VMware Photon OS/Linux"');
    // the rootfs tarball is the same tar, gzipped
    const { out: digest } = await tool('sh', ['-c', `gzip -dc ${gz} | sha256sum`]);
    expect(digest.split(' ')[0]).toBe(sha256(rootfs));
  }, 120_000);

  it('is byte-reproducible', async () => {
    const a = path.join(work, 'a', 'img.tar');
    const b = path.join(work, 'b', 'img.tar');
    await buildDockerImage({ rootfs, releaseVersion: '5.0', arch: 'x86_64', outFile: a, sourceDateEpoch: EPOCH });
    await new Promise((r) => setTimeout(r, 1100));
    await buildDockerImage({ rootfs, releaseVersion: '5.0', arch: 'x86_64', outFile: b, sourceDateEpoch: EPOCH });
    expect(sha256(a)).toBe(sha256(b));
    const list = await tool('tar', ['-tvf', a]);
    expect(list.out).toContain('manifest.json');
    expect(JSON.parse((await tool('tar', ['-xOf', a, 'manifest.json'])).out)).toEqual([
      expect.objectContaining({ RepoTags: ['photon:5.0'] }),
    ]);
  });
});
