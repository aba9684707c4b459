import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChecksumFiles, updateManifest, packageListDigest } from '../../../src/checksums/manifest.js';
import { runVerify } from '../../../src/cli/verify.js';
import { PhotonBuildError } from '../../../src/errors.js';
import type { TestServer } from '../../helpers/http-server.js';
import { startTestServer } from '../../helpers/http-server.js';

const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex');
const sha256 = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');
const sha512 = (s: string | Uint8Array): string => createHash('sha512').update(s).digest('hex');

let dir: string;
let server: TestServer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pb-verify-'));
  await mkdir(path.join(dir, 'images', 'sub'), { recursive: true });
  await writeFile(path.join(dir, 'images', 'a.iso'), 'iso A');
  await writeFile(path.join(dir, 'images', 'sub', 'b.ova'), 'ova B');
  server = await startTestServer();
  server.route('/rel/a.iso', { body: Buffer.from('iso A') });
  server.route('/rel/b.ova', { body: Buffer.from('ova B') });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function capture(): { out: (t: string) => void; err: (t: string) => void; stdout: () => string; stderr: () => string } {
  let o = '';
  let e = '';
  return { out: (t) => (o += t), err: (t) => (e += t), stdout: () => o, stderr: () => e };
}

async function list(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('verify against a sums file', () => {
  it('exits 0 when every listed artifact in a directory matches (matched by basename, recursively)', async () => {
    const against = await list('ok.md5', `${md5('iso A')}  a.iso\n${md5('ova B')}  b.ova\n`);
    const io = capture();
    expect(await runVerify([path.join(dir, 'images')], { against }, io)).toBe(0);
    expect(io.stdout()).toMatch(/a\.iso\s+ok\s+/);
    expect(io.stdout()).toMatch(/2 ok, 0 mismatch/);
  });

  it('throws checksum-mismatch (exit 3) after printing the table with expected and actual', async () => {
    const against = await list('bad.sha256', `${sha256('something else')}  a.iso\n${sha256('ova B')}  b.ova\n`);
    const io = capture();
    const err = await runVerify([path.join(dir, 'images')], { against }, io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhotonBuildError);
    expect((err as PhotonBuildError).exitCode).toBe(3);
    expect(io.stdout()).toContain(`a.iso  mismatch  ${sha256('something else')}  ${sha256('iso A')}`);
  });

  it('reports a listed but absent artifact as missing (exit 1); --ignore-missing skips it', async () => {
    const against = await list('missing.md5', `${md5('iso A')}  a.iso\n${md5('x')}  gone.iso\n`);
    const io = capture();
    expect(await runVerify([path.join(dir, 'images')], { against }, io)).toBe(1);
    expect(io.stdout()).toMatch(/gone\.iso\s+missing/);
    expect(await runVerify([path.join(dir, 'images')], { against, ignoreMissing: true }, capture())).toBe(0);
  });

  it('reports an explicitly named file that the list does not mention as unlisted (exit 1)', async () => {
    const against = await list('one.md5', `${md5('iso A')}  a.iso\n`);
    const io = capture();
    expect(await runVerify([path.join(dir, 'images', 'a.iso'), path.join(dir, 'images', 'sub', 'b.ova')], { against }, io)).toBe(1);
    expect(io.stdout()).toMatch(/b\.ova\s+unlisted/);
  });

  it('with no path, checks names next to the list', async () => {
    const against = path.join(dir, 'images', 'a.iso.md5');
    await writeChecksumFiles(path.join(dir, 'images', 'a.iso'));
    expect(await runVerify([], { against }, capture())).toBe(0);
  });

  it('fails with an input error (exit 2) naming the file and line of an unparsable list', async () => {
    const against = await list('garbage.md5', `${md5('a')}  a.iso\nnot a line\n`);
    const err = (await runVerify([], { against }, capture()).catch((e: unknown) => e)) as PhotonBuildError;
    expect(err.exitCode).toBe(2);
    expect(err.oneLine()).toContain(`${against}:2:`);
  });
});

describe('verify against a manifest.json', () => {
  it('uses md5 by default and any listed algorithm on request; --json prints results', async () => {
    const m = path.join(dir, 'images', 'manifest.json');
    for (const [name, body] of [['a.iso', 'iso A'], ['b.ova', 'ova B']] as const) {
      await updateManifest(m, { name, format: 'iso', size: 5, md5: md5(body), sha256: sha256(body), sha512: sha512(body), packageList: [], packageListDigest: packageListDigest([]), cacheKey: 'k' });
    }
    const io = capture();
    expect(await runVerify([path.join(dir, 'images')], { against: m, json: true, algorithm: 'sha512' }, io)).toBe(0);
    const report = JSON.parse(io.stdout()) as { ok: boolean; format: string; results: { name: string; status: string; algorithm: string }[] };
    expect(report.ok).toBe(true);
    expect(report.format).toBe('manifest');
    expect(report.results.map((r) => [r.name, r.status, r.algorithm])).toEqual([['a.iso', 'ok', 'sha512'], ['b.ova', 'ok', 'sha512']]);
  });
});

describe('verify over HTTP', () => {
  it('hashes the links of a Markdown download page served by URL without storing them', async () => {
    const page = `| Download | Size | md5 checksum |\n| --- | --- | --- |\n| [a.iso](${server.url}/rel/a.iso) | 5B | ${md5('iso A')} |\n| [b.ova](${server.url}/rel/b.ova) | 5B | ${md5('wrong')} |\n`;
    server.route('/page.md', { body: Buffer.from(page), contentType: 'text/markdown' });
    const before = await readdir(dir);
    const io = capture();
    const err = (await runVerify([], { against: `${server.url}/page.md`, json: true }, io).catch((e: unknown) => e)) as PhotonBuildError;
    expect(err.exitCode).toBe(3);
    const report = JSON.parse(io.stdout()) as { results: { name: string; status: string; location: string; actual: string }[] };
    expect(report.results.map((r) => [r.name, r.status])).toEqual([['a.iso', 'ok'], ['b.ova', 'mismatch']]);
    expect(report.results[1]!.actual).toBe(md5('ova B'));
    expect(await readdir(dir)).toEqual(before);
  });

  it('resolves a sums list fetched by URL relative to its own URL; a 404 is missing', async () => {
    server.route('/rel/SUMS', { body: Buffer.from(`${sha256('iso A')}  a.iso\n${sha256('x')}  nothere.iso\n`) });
    const io = capture();
    expect(await runVerify([], { against: `${server.url}/rel/SUMS`, json: true }, io)).toBe(1);
    const report = JSON.parse(io.stdout()) as { results: { name: string; status: string }[] };
    expect(report.results.map((r) => [r.name, r.status])).toEqual([['a.iso', 'ok'], ['nothere.iso', 'missing']]);
  });

  it('hashes a URL given as a path argument', async () => {
    const against = await list('url.md5', `${md5('ova B')}  b.ova\n`);
    expect(await runVerify([`${server.url}/rel/b.ova`], { against }, capture())).toBe(0);
  });

  it('a URL that answers 500 is unreadable (exit 1), with the HTTP status as the message', async () => {
    server.route('/rel/broken.iso', { body: Buffer.from('x'), faults: [{ kind: 'status', status: 500 }] });
    const against = await list('broken.md5', `${md5('x')}  broken.iso\n`);
    const io = capture();
    expect(await runVerify([`${server.url}/rel/broken.iso`], { against, json: true }, io)).toBe(1);
    expect(JSON.parse(io.stdout()).results[0]).toMatchObject({ name: 'broken.iso', status: 'unreadable', message: 'HTTP 500' });
  });

  it('an unreachable list URL is an input error', async () => {
    const err = (await runVerify([], { against: `${server.url}/no-such-list` }, capture()).catch((e: unknown) => e)) as PhotonBuildError;
    expect(err.reason).toBe('input');
  });
});

describe('the built CLI', () => {
  const bin = path.resolve(import.meta.dirname, '../../../bin/photon-build.js');
  // npm run test:integration builds dist/ first; run `npx tsc -p tsconfig.json` when running this file alone.
  it('node bin/photon-build.js verify exits 0, 3 and 2 as documented', async () => {
    expect(existsSync(path.resolve(import.meta.dirname, '../../../dist/cli/verify.js')), 'dist/ is not built').toBe(true);
    const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
      try {
        const r = await promisify(execFile)(process.execPath, [bin, ...args]);
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        const x = e as { code: number; stdout: string; stderr: string };
        return { code: x.code, stdout: x.stdout, stderr: x.stderr };
      }
    };
    const good = await list('cli-good.md5', `${md5('iso A')}  a.iso\n`);
    const bad = await list('cli-bad.md5', `${md5('nope')}  a.iso\n`);
    const broken = await list('cli-broken.md5', 'nonsense\n');
    const images = path.join(dir, 'images');
    expect((await run(['verify', '--against', good, images])).code).toBe(0);
    const mismatch = await run(['verify', '--against', bad, images, '--json']);
    expect(mismatch.code).toBe(3);
    expect(JSON.parse(mismatch.stdout).ok).toBe(false);
    expect(mismatch.stderr).toMatch(/do not match/);
    const parse = await run(['verify', '--against', broken]);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toContain(`${broken}:1:`);
  });
});
