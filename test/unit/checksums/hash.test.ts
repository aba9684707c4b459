import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, hashFile, hashStream } from '../../../src/checksums/hash.js';
import { PhotonBuildError } from '../../../src/errors.js';

const hex = (alg: string, data: Uint8Array): string => createHash(alg).update(data).digest('hex');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pb-hash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hashFile', () => {
  it('computes md5, sha256 and sha512 and the size in one call, across chunk boundaries', async () => {
    const data = randomBytes(CHUNK_SIZE * 2 + 12345);
    const file = path.join(dir, 'big.bin');
    await writeFile(file, data);
    const d = await hashFile(file);
    expect(d).toEqual({ size: data.length, md5: hex('md5', data), sha256: hex('sha256', data), sha512: hex('sha512', data) });
  });

  it('returns only the algorithms asked for', async () => {
    const file = path.join(dir, 'small.txt');
    await writeFile(file, 'photon\n');
    const d = await hashFile(file, ['sha1']);
    expect(d).toEqual({ size: 7, sha1: hex('sha1', Buffer.from('photon\n')) });
  });

  it('hashes an empty file', async () => {
    const file = path.join(dir, 'empty');
    await writeFile(file, '');
    expect((await hashFile(file, ['md5'])).md5).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('hashes many files in parallel with correct results for each', async () => {
    const files = await Promise.all(
      Array.from({ length: 9 }, async (_, i) => {
        const data = randomBytes(100_000 + i);
        const file = path.join(dir, `p${i}`);
        await writeFile(file, data);
        return { file, md5: hex('md5', data) };
      }),
    );
    const results = await Promise.all(files.map((f) => hashFile(f.file, ['md5'])));
    expect(results.map((r) => r.md5)).toEqual(files.map((f) => f.md5));
  });

  it('rejects a missing file with an input error that keeps the errno code', async () => {
    const err = await hashFile(path.join(dir, 'nope')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhotonBuildError);
    expect((err as PhotonBuildError).reason).toBe('input');
    expect(((err as PhotonBuildError).cause as { code: string }).code).toBe('ENOENT');
  });

  it('rejects with aborted when the signal is already aborted', async () => {
    const file = path.join(dir, 'small.txt');
    const err = await hashFile(file, ['md5'], AbortSignal.abort()).catch((e: unknown) => e);
    expect((err as PhotonBuildError).reason).toBe('aborted');
  });

  it('aborting one running task leaves the pool usable', async () => {
    const data = randomBytes(CHUNK_SIZE * 8);
    const file = path.join(dir, 'abort.bin');
    await writeFile(file, data);
    const ctl = new AbortController();
    const p = hashFile(file, ['sha512', 'md5', 'sha256'], ctl.signal);
    ctl.abort();
    expect(((await p.catch((e: unknown) => e)) as PhotonBuildError).reason).toBe('aborted');
    expect((await hashFile(file, ['md5'])).md5).toBe(hex('md5', data));
  });
});

describe('hashStream', () => {
  it('hashes a stream of chunks like the concatenated bytes', async () => {
    const parts = [randomBytes(10), randomBytes(70_000), Buffer.from('tail')];
    const d = await hashStream(Readable.from(parts), ['md5', 'sha256']);
    const all = Buffer.concat(parts);
    expect(d).toEqual({ size: all.length, md5: hex('md5', all), sha256: hex('sha256', all) });
  });
});
