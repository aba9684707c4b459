import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { download, partPathFor } from '../../../src/sources/download.js';
import { lookasidePath } from '../../../src/sources/lookaside.js';
import { PhotonBuildError } from '../../../src/errors.js';
import type { TestServer } from '../../helpers/http-server.js';
import { startTestServer } from '../../helpers/http-server.js';

const sha512 = (b: Uint8Array): string => createHash('sha512').update(b).digest('hex');
const body = randomBytes(300_000);
const expected = { algorithm: 'sha512' as const, hex: sha512(body) };
const fast = { backoffMs: 5, timeoutMs: 2_000 };

let server: TestServer;
let dir: string;
let dest: string;
beforeEach(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(tmpdir(), 'pb-download-'));
  dest = path.join(dir, 'out', 'pkg-1.0.tar.gz');
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const files = async (): Promise<string[]> => (await readdir(path.dirname(dest)).catch(() => [])).sort();
const error = async (p: Promise<unknown>): Promise<PhotonBuildError> => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(PhotonBuildError);
  return e as PhotonBuildError;
};

describe('download', () => {
  it('downloads, verifies and renames into place; progress reaches the full size', async () => {
    server.route('/f', { body });
    let last = 0;
    const r = await download({ urls: [`${server.url}/f`], dest, expected, ...fast, onProgress: (p) => (last = p.received) });
    expect(r.source).toBe('downloaded');
    expect(await readFile(dest)).toEqual(body);
    expect(last).toBe(body.length);
    expect(await files()).toEqual(['pkg-1.0.tar.gz']);
  });

  it('retries 500s with backoff, then succeeds', async () => {
    server.route('/f', { body, faults: [{ kind: 'status', status: 500, times: 2 }] });
    const r = await download({ urls: [`${server.url}/f`], dest, expected, ...fast });
    expect(r.attempts).toBe(3);
    expect(sha512(await readFile(dest))).toBe(expected.hex);
  });

  it('gives up after the retries on persistent 503 with a download error and nothing at dest', async () => {
    server.route('/f', { body, faults: [{ kind: 'status', status: 503 }] });
    const e = await error(download({ urls: [`${server.url}/f`], dest, expected, retries: 2, ...fast }));
    expect(e.reason).toBe('download');
    expect(e.exitCode).toBe(1);
    expect(server.hits('/f')).toBe(3);
    expect(await files()).toEqual([]);
  });

  it('moves to the next mirror on 404 without retrying it', async () => {
    server.route('/good/f', { body });
    const r = await download({ urls: [`${server.url}/missing/f`, `${server.url}/good/f`], dest, expected, ...fast });
    expect(r.url).toBe(`${server.url}/good/f`);
    expect(server.hits('/missing/f')).toBe(1);
  });

  it('resumes with Range after the connection drops mid-file', async () => {
    server.route('/f', { body, faults: [{ kind: 'drop', afterBytes: 100_000, times: 1 }] });
    const r = await download({ urls: [`${server.url}/f`], dest, expected, ...fast });
    expect(r.source).toBe('downloaded');
    expect(await readFile(dest)).toEqual(body);
    const ranged = server.requests.filter((q) => q.range);
    expect(ranged).toHaveLength(1);
    expect(Number(/bytes=(\d+)-/.exec(ranged[0]!.range!)![1])).toBeGreaterThan(0);
    expect(ranged[0]!.status).toBe(206);
    expect(await files()).toEqual(['pkg-1.0.tar.gz']);
  });

  it('resumes a .part left by an earlier run when a digest is known', async () => {
    server.route('/f', { body });
    await mkdir(path.dirname(dest), { recursive: true });
    await writeFile(partPathFor(dest), body.subarray(0, 1234));
    await download({ urls: [`${server.url}/f`], dest, expected, ...fast });
    expect(server.requests[0]!.range).toBe('bytes=1234-');
    expect(await readFile(dest)).toEqual(body);
  });

  it('starts over when the server answers a Range request with a wrong Content-Range', async () => {
    server.route('/f', { body, faults: [{ kind: 'drop', afterBytes: 50_000, times: 1 }, { kind: 'bad-content-range', times: 1 }] });
    await download({ urls: [`${server.url}/f`], dest, expected, ...fast });
    expect(await readFile(dest)).toEqual(body);
    expect(server.requests.map((q) => q.status)).toEqual([200, 206, 200]);
  });

  it('starts over when the server ignores Range', async () => {
    server.route('/f', { body, faults: [{ kind: 'drop', afterBytes: 50_000, times: 1 }, { kind: 'no-range' }] });
    await download({ urls: [`${server.url}/f`], dest, expected, ...fast });
    expect(await readFile(dest)).toEqual(body);
  });

  it('wrong content: checksum-mismatch (exit 3) naming expected, actual and URL; no file left at all', async () => {
    const wrong = randomBytes(1000);
    server.route('/f', { body, faults: [{ kind: 'wrong-content', body: wrong }] });
    const e = await error(download({ urls: [`${server.url}/f`], dest, expected, ...fast }));
    expect(e.reason).toBe('checksum-mismatch');
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain(expected.hex);
    expect(e.message).toContain(sha512(wrong));
    expect(e.message).toContain(`${server.url}/f`);
    expect(await files()).toEqual([]);
  });

  it('wrong content on the first mirror, right on the second: succeeds from the second', async () => {
    server.route('/a/f', { body, faults: [{ kind: 'wrong-content', body: randomBytes(10) }] });
    server.route('/b/f', { body });
    const r = await download({ urls: [`${server.url}/a/f`, `${server.url}/b/f`], dest, expected, ...fast });
    expect(r.url).toBe(`${server.url}/b/f`);
  });

  it('times out a stalled body, keeps the .part for resume and never writes dest', async () => {
    server.route('/f', { body, faults: [{ kind: 'slow', chunkSize: 10_000, delayMs: 400 }] });
    const e = await error(download({ urls: [`${server.url}/f`], dest, expected, retries: 0, backoffMs: 5, timeoutMs: 150 }));
    expect(e.reason).toBe('download');
    expect(e.message).toMatch(/ETIMEDOUT|timeout/i);
    expect(await files()).toEqual(['pkg-1.0.tar.gz.part']);
  });

  it('a slow but steady body within the idle timeout completes', async () => {
    server.route('/f', { body, faults: [{ kind: 'slow', chunkSize: 60_000, delayMs: 20 }] });
    await download({ urls: [`${server.url}/f`], dest, expected, ...fast });
    expect(await readFile(dest)).toEqual(body);
  });

  it('aborting stops the download with reason aborted and nothing at dest', async () => {
    server.route('/f', { body, faults: [{ kind: 'slow', chunkSize: 10_000, delayMs: 50 }] });
    const ctl = new AbortController();
    const p = download({ urls: [`${server.url}/f`], dest, expected, ...fast, signal: ctl.signal, onProgress: () => ctl.abort() });
    expect((await error(p)).reason).toBe('aborted');
    expect(await files()).not.toContain('pkg-1.0.tar.gz');
  });

  it('the lookaside serves a renamed/moved source without another request', async () => {
    server.route('/f', { body });
    const lookasideDir = path.join(dir, 'cache', 'sources');
    await download({ urls: [`${server.url}/f`], dest, expected, lookasideDir, ...fast });
    expect(await readFile(lookasidePath(lookasideDir, 'sha512', expected.hex))).toEqual(body);
    await rm(dest);
    const other = path.join(dir, 'elsewhere', 'renamed.tar.gz');
    const r = await download({ urls: [`${server.url}/f`], dest: other, expected, lookasideDir, ...fast });
    expect(r.source).toBe('lookaside');
    expect(await readFile(other)).toEqual(body);
    expect(server.hits('/f')).toBe(1);
  });

  it('a dest that already matches is not downloaded again', async () => {
    server.route('/f', { body });
    await download({ urls: [`${server.url}/f`], dest, expected, ...fast });
    const r = await download({ urls: [`${server.url}/f`], dest, expected, ...fast });
    expect(r.source).toBe('present');
    expect(server.hits('/f')).toBe(1);
  });
});
