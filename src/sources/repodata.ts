// Package checksums from a yum/dnf repository's metadata: repomd.xml → the "primary"
// file (plain or .gz) → each <package>'s location href and checksum. Used to verify
// published RPMs; returns undefined when the repo has no (readable) metadata.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import got from 'got';
import type { HashAlgorithm } from '../checksums/hash.js';
import { isHashAlgorithm } from '../checksums/hash.js';
import { isUrl } from '../checksums/remote.js';

export interface PackageChecksum {
  readonly algorithm: HashAlgorithm;
  readonly hex: string;
}

export interface RepoChecksums {
  /** By location href as written (e.g. "x86_64/foo-1-1.ph5.x86_64.rpm"). */
  readonly byHref: ReadonlyMap<string, PackageChecksum>;
  /** By file name, for lists whose directory layout differs from the repo's. */
  readonly byName: ReadonlyMap<string, PackageChecksum>;
}

export type RepodataOutcome = { readonly ok: true; readonly checksums: RepoChecksums } | { readonly ok: false; readonly why: string };

/** `base` is an http(s) URL or a local directory holding repodata/repomd.xml. */
export async function loadRepodata(base: string, signal?: AbortSignal): Promise<RepodataOutcome> {
  const read = (rel: string): Promise<Buffer> =>
    isUrl(base)
      ? got(`${base.replace(/\/+$/, '')}/${rel}`, { signal, retry: { limit: 2 }, timeout: { lookup: 30_000, connect: 30_000, response: 60_000 } }).buffer()
      : readFile(path.join(base, rel));
  let repomd: string;
  try {
    repomd = (await read('repodata/repomd.xml')).toString('utf8');
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, why: `no repodata/repomd.xml at ${base}` };
  }
  const href = primaryHref(repomd);
  if (!href) return { ok: false, why: 'repomd.xml lists no primary metadata' };
  let raw: Buffer;
  try {
    raw = await read(href);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, why: `cannot read ${href}` };
  }
  let xml: string;
  // Sniff the gzip magic: some servers add Content-Encoding: gzip to .gz files, which got undoes.
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      xml = gunzipSync(raw).toString('utf8');
    } catch {
      return { ok: false, why: `${href} is not valid gzip` };
    }
  } else if (href.endsWith('.xml') || href.endsWith('.gz')) xml = raw.toString('utf8');
  else return { ok: false, why: `unsupported compression for ${href} (only .xml and .xml.gz)` };
  return { ok: true, checksums: parsePrimary(xml) };
}

export function primaryHref(repomd: string): string | undefined {
  const data = /<data\s+type="primary"\s*>([\s\S]*?)<\/data>/.exec(repomd)?.[1];
  return data ? /<location\b[^>]*\bhref="([^"]+)"/.exec(data)?.[1] : undefined;
}

export function parsePrimary(xml: string): RepoChecksums {
  const byHref = new Map<string, PackageChecksum>();
  const byName = new Map<string, PackageChecksum>();
  for (const m of xml.matchAll(/<package\b[\s\S]*?<\/package>/g)) {
    const pkg = m[0];
    const sum = /<checksum\b[^>]*\btype="([^"]+)"[^>]*>\s*([0-9a-fA-F]+)\s*<\/checksum>/.exec(pkg);
    const href = /<location\b[^>]*\bhref="([^"]+)"/.exec(pkg)?.[1];
    if (!sum || !href) continue;
    const type = sum[1]!.toLowerCase() === 'sha' ? 'sha1' : sum[1]!.toLowerCase();
    if (!isHashAlgorithm(type)) continue;
    const entry = { algorithm: type, hex: sum[2]!.toLowerCase() };
    byHref.set(href, entry);
    byName.set(path.posix.basename(href), entry);
  }
  return { byHref, byName };
}
