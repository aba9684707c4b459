import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../../src/checksums/manifest.js';
import { packageListDigest, readManifest, updateManifest, writeChecksumFiles } from '../../../src/checksums/manifest.js';
import { PhotonBuildError } from '../../../src/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pb-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(name: string, md5 = 'a'.repeat(32)): ManifestEntry {
  return {
    name, format: 'iso', size: 1, md5, sha256: 'b'.repeat(64), sha512: 'c'.repeat(128),
    packageList: ['b-1', 'a-1'], packageListDigest: packageListDigest(['b-1', 'a-1']), cacheKey: 'k',
  };
}

describe('writeChecksumFiles', () => {
  it('writes md5sum-format .md5 and .sha256 files next to the artifact and returns all digests', async () => {
    const file = path.join(dir, 'photon-5.0.iso');
    await writeFile(file, 'iso bytes');
    const r = await writeChecksumFiles(file);
    const md5 = createHash('md5').update('iso bytes').digest('hex');
    const sha256 = createHash('sha256').update('iso bytes').digest('hex');
    expect(r).toEqual({ name: 'photon-5.0.iso', size: 9, md5, sha256, sha512: createHash('sha512').update('iso bytes').digest('hex') });
    expect(await readFile(`${file}.md5`, 'utf8')).toBe(`${md5}  photon-5.0.iso\n`);
    expect(await readFile(`${file}.sha256`, 'utf8')).toBe(`${sha256}  photon-5.0.iso\n`);
    expect((await readdir(dir)).sort()).toEqual(['photon-5.0.iso', 'photon-5.0.iso.md5', 'photon-5.0.iso.sha256']);
  });
});

describe('updateManifest', () => {
  it('creates the manifest, keeps entries sorted by name and replaces by name', async () => {
    const m = path.join(dir, 'manifest.json');
    await updateManifest(m, entry('z.ova'));
    await updateManifest(m, entry('a.iso'));
    await updateManifest(m, entry('z.ova', 'd'.repeat(32)));
    const back = await readManifest(m);
    expect(back.artifacts.map((a) => [a.name, a.md5])).toEqual([['a.iso', 'a'.repeat(32)], ['z.ova', 'd'.repeat(32)]]);
    expect(await readFile(m, 'utf8')).toMatch(/\n$/);
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it('loses no entry when many updates run concurrently', async () => {
    const m = path.join(dir, 'manifest.json');
    await Promise.all(Array.from({ length: 20 }, (_, i) => updateManifest(m, entry(`img-${String(i).padStart(2, '0')}`))));
    expect((await readManifest(m)).artifacts).toHaveLength(20);
  });

  it('refuses a malformed manifest with its file name', async () => {
    const m = path.join(dir, 'manifest.json');
    await writeFile(m, '{"artifacts": 3}');
    const err = await updateManifest(m, entry('a')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhotonBuildError);
    expect((err as PhotonBuildError).location?.file).toBe(m);
  });
});

describe('packageListDigest', () => {
  it('does not depend on order', () => {
    expect(packageListDigest(['a', 'b'])).toBe(packageListDigest(['b', 'a']));
    expect(packageListDigest(['a', 'b'])).not.toBe(packageListDigest(['a', 'c']));
  });
});
