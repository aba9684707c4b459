// photon-docker-image: turns a rootfs tar (buildRootfs of the minimal/docker list) into
// (1) a `docker load`-able docker-archive tagged photon:<release> — manifest.json, the
// image config and the rootfs as its single layer — and (2) Photon's own artifact, the
// gzipped rootfs tarball photon-rootfs-<rel>-<build>.<arch>.tar.gz. Written by node (tar +
// zlib), no container and no daemon needed; byte-reproducible for a reproducible rootfs.
import path from 'node:path';
import { copyFileSync, createReadStream, createWriteStream, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { PhotonBuildError } from '../errors.js';
import { digestFile, sha256Hex } from '../cache/fingerprint.js';
import { checkEpoch, withTempOutput } from './script-step.js';

export interface DockerImageOptions {
  /** .tar from buildRootfs; becomes the image's only layer as-is. */
  readonly rootfs: string;
  readonly releaseVersion: string;
  readonly arch: string;
  /** The docker-archive to write (photon-docker-<rel>-<build>.<arch>.tar). */
  readonly outFile: string;
  /** Also write the gzipped rootfs here (photon-rootfs-<rel>-<build>.<arch>.tar.gz). */
  readonly rootfsTarGz?: string;
  /** Defaults to photon:<releaseVersion>. */
  readonly tag?: string;
  /** Defaults to ["/bin/sh"]. */
  readonly cmd?: readonly string[];
  readonly sourceDateEpoch: number;
  readonly signal?: AbortSignal;
}

const GOARCH: Readonly<Record<string, string>> = { x86_64: 'amd64', aarch64: 'arm64' };
const TAG_RE = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*:[\w][\w.-]{0,127}$/;

export async function buildDockerImage(opts: DockerImageOptions): Promise<{ readonly outFile: string; readonly imageId: string; readonly tag: string }> {
  checkEpoch(opts.sourceDateEpoch);
  const goarch = GOARCH[opts.arch];
  if (!goarch) throw new PhotonBuildError('input', `photon-docker-image: no docker architecture for ${opts.arch}`);
  const tag = opts.tag ?? `photon:${opts.releaseVersion}`;
  if (!TAG_RE.test(tag)) throw new PhotonBuildError('input', `"${tag}" is not a docker repository:tag`);
  const signalOpt = { signal: opts.signal ?? new AbortController().signal };
  const created = new Date(opts.sourceDateEpoch * 1000);
  const diffId = await digestFile(opts.rootfs, opts.signal);
  const config = {
    architecture: goarch,
    os: 'linux',
    created: created.toISOString(),
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: [...(opts.cmd ?? ['/bin/sh'])] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${diffId}`] },
    history: [{ created: created.toISOString(), created_by: 'photon-build rootfs', comment: `VMware Photon OS ${opts.releaseVersion}` }],
  };
  const configText = JSON.stringify(config);
  const imageId = sha256Hex(configText);
  const manifest = [{ Config: `${imageId}.json`, RepoTags: [tag], Layers: [`${diffId}/layer.tar`] }];

  const result = await withTempOutput(opts.outFile, async (tmp) => {
    const stage = mkdtempSync(path.join(tmp.dir, '.docker-image-'));
    try {
      mkdirSync(path.join(stage, diffId));
      const layer = path.join(stage, diffId, 'layer.tar');
      try {
        linkSync(opts.rootfs, layer);
      } catch {
        copyFileSync(opts.rootfs, layer);
      }
      writeFileSync(path.join(stage, `${imageId}.json`), configText);
      writeFileSync(path.join(stage, 'manifest.json'), JSON.stringify(manifest));
      const entries = ['manifest.json', `${imageId}.json`, diffId, `${diffId}/layer.tar`];
      for (const e of entries) await utimes(path.join(stage, e), created, created);
      await tar.create({ file: path.join(tmp.dir, tmp.tempName), cwd: stage, portable: true, mtime: created, noDirRecurse: true }, entries);
      return { outFile: path.resolve(opts.outFile), imageId: `sha256:${imageId}`, tag };
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  });
  if (opts.rootfsTarGz !== undefined) {
    await withTempOutput(opts.rootfsTarGz, async (tmp) => {
      // zlib writes mtime 0 and no file name in the gzip header: reproducible.
      await pipeline(createReadStream(opts.rootfs), createGzip({ level: 9 }), createWriteStream(path.join(tmp.dir, tmp.tempName)), signalOpt);
    });
  }
  return result;
}
