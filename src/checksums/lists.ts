// Readers for checksum lists that `verify` compares against: md5sum/sha256sum/sha512sum
// files (GNU and BSD-tag lines), a stage manifest.json, and a Photon download page
// table in Markdown. The format is detected from the content. Pure: text in, data out.
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import type { HashAlgorithm } from './hash.js';
import { HEX_LENGTH, isHashAlgorithm } from './hash.js';
import { parseManifest } from './manifest.js';

export type ListFormat = 'sums' | 'manifest' | 'markdown';

export interface ListEntry {
  /** The artifact's file name (basename); what paths are matched by. */
  readonly name: string;
  readonly digests: Readonly<Partial<Record<HashAlgorithm, string>>>;
  /** Where to fetch it when no local path is given (Markdown links, URL names). */
  readonly url?: string;
  /** The name as the list wrote it when it has directories (e.g. "iso/x.iso"). */
  readonly relPath?: string;
  /** 1-based line in the list (0 for manifest.json entries). */
  readonly line: number;
}

export interface ChecksumList {
  readonly format: ListFormat;
  /** File path or URL the list came from (for messages and relative names). */
  readonly source: string;
  readonly entries: readonly ListEntry[];
}

export function detectFormat(text: string): ListFormat {
  if (text.trimStart().startsWith('{')) return 'manifest';
  const lines = text.split(/\r?\n/);
  if (lines.some((l, i) => isTableRow(l) && isSeparatorRow(lines[i + 1] ?? '') && headerColumns(l).some((c) => c.algorithm !== undefined || c.isChecksum))) {
    return 'markdown';
  }
  return 'sums';
}

export function parseChecksumList(text: string, source: string): ChecksumList {
  const format = detectFormat(text);
  const entries = format === 'manifest' ? manifestEntries(text, source) : format === 'markdown' ? markdownEntries(text, source) : sumEntries(text, source);
  if (entries.length === 0) throw new PhotonBuildError('input', 'the checksum list has no entries', { file: source });
  return { format, source, entries };
}

/** The algorithm implied by a hex digest's length (sha1/sha256/sha512 lengths are unique). */
export function algorithmForHex(hex: string): HashAlgorithm | undefined {
  if (!/^[0-9a-f]+$/i.test(hex)) return undefined;
  return (Object.keys(HEX_LENGTH) as HashAlgorithm[]).find((a) => HEX_LENGTH[a] === hex.length);
}

const GNU_LINE = /^\\?([0-9a-fA-F]+) [ *](.+)$/;
const BSD_LINE = /^(MD5|SHA1|SHA256|SHA512) ?\((.+)\) ?= ?([0-9a-fA-F]+)$/;

function sumEntries(text: string, source: string): ListEntry[] {
  const entries: ListEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const gnu = GNU_LINE.exec(line);
    const bsd = gnu ? undefined : BSD_LINE.exec(line);
    const hex = (gnu?.[1] ?? bsd?.[3])?.toLowerCase();
    const name = gnu?.[2] ?? bsd?.[2];
    const algorithm = hex ? algorithmForHex(hex) : undefined;
    if (!hex || !name || !algorithm || (bsd && bsd[1]!.toLowerCase() !== algorithm)) {
      throw new PhotonBuildError('input', `not a checksum line (want "<hex>  <name>" or "SHA256 (<name>) = <hex>"): ${JSON.stringify(raw.slice(0, 120))}`, {
        file: source,
        line: i + 1,
      });
    }
    entries.push(nameEntry(name, { [algorithm]: hex }, i + 1));
  });
  return entries;
}

function nameEntry(name: string, digests: Partial<Record<HashAlgorithm, string>>, line: number): ListEntry {
  if (/^https?:\/\//.test(name)) return { name: urlBasename(name), digests, url: name, line };
  const rel = name.replaceAll('\\', '/');
  const base = path.posix.basename(rel);
  return rel === base ? { name: base, digests, line } : { name: base, digests, relPath: rel, line };
}

function manifestEntries(text: string, source: string): ListEntry[] {
  return parseManifest(text, source).artifacts.map((a) => {
    const digests: Partial<Record<HashAlgorithm, string>> = {};
    for (const alg of ['md5', 'sha256', 'sha512'] as const) if (a[alg]) digests[alg] = a[alg].toLowerCase();
    return { name: a.name, digests, line: 0 };
  });
}

// ---- Markdown tables -------------------------------------------------------------

interface Column {
  readonly title: string;
  readonly algorithm?: HashAlgorithm;
  readonly isChecksum: boolean;
}

function isTableRow(line: string): boolean {
  const t = line.trim();
  return t.startsWith('|') && t.endsWith('|') && t.length > 1;
}

function isSeparatorRow(line: string): boolean {
  return isTableRow(line) && cells(line).every((c) => /^:?-+:?$/.test(c));
}

function cells(line: string): string[] {
  return line.trim().slice(1, -1).split('|').map((c) => c.trim());
}

function headerColumns(line: string): Column[] {
  return cells(line).map((title) => {
    const m = /\b(md5|sha-?1|sha-?256|sha-?512)\b/i.exec(title)?.[1]?.toLowerCase().replace('-', '');
    const algorithm = m && isHashAlgorithm(m) ? m : undefined;
    return { title, algorithm, isChecksum: algorithm !== undefined || /checksum|digest|hash/i.test(title) };
  });
}

const LINK = /\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/;

function markdownEntries(text: string, source: string): ListEntry[] {
  const lines = text.split(/\r?\n/);
  const entries: ListEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!isTableRow(lines[i]!) || !isSeparatorRow(lines[i + 1] ?? '')) continue;
    const columns = headerColumns(lines[i]!);
    let row = i + 2;
    if (columns.some((c) => c.isChecksum)) {
      for (; row < lines.length && isTableRow(lines[row]!); row++) {
        const entry = markdownRow(cells(lines[row]!), columns, source, row + 1);
        if (entry) entries.push(entry);
      }
    }
    i = row - 1;
  }
  return entries;
}

function markdownRow(row: readonly string[], columns: readonly Column[], source: string, line: number): ListEntry | undefined {
  const digests: Partial<Record<HashAlgorithm, string>> = {};
  columns.forEach((col, c) => {
    if (!col.isChecksum) return;
    const cell = (row[c] ?? '').replace(/[`*]/g, '').trim();
    // Empty, N/A, or a link to a separate checksum file: no digest in this table cell.
    if (cell === '' || /^(n\/?a|-+|none)$/i.test(cell) || LINK.test(cell)) return;
    const hex = /^(?:(?:md5|sha\d+)\s*[:=]?\s*)?([0-9a-fA-F]+)$/i.exec(cell)?.[1]?.toLowerCase();
    const inferred = hex ? algorithmForHex(hex) : undefined;
    if (!hex || !inferred || (col.algorithm && col.algorithm !== inferred)) {
      throw new PhotonBuildError('input', `column "${col.title}" holds no ${col.algorithm ?? 'checksum'} hex digest: ${JSON.stringify(cell.slice(0, 140))}`, {
        file: source,
        line,
      });
    }
    digests[inferred] = hex;
  });
  if (Object.keys(digests).length === 0) return undefined;
  const link = artifactLink(row, columns);
  if (link) return { name: urlBasename(link.url) || link.text, digests, url: link.url, line };
  const nameCell = row.find((cell, c) => !columns[c]?.isChecksum && /\.[a-z0-9]{2,}$/i.test(cell));
  if (!nameCell) throw new PhotonBuildError('input', 'row has a checksum but no file name or link', { file: source, line });
  return { name: path.posix.basename(nameCell), digests, line };
}

/**
 * The row's artifact link: in a column titled like "Download"/"File"/"Image" first, then
 * any link to a file name with an extension, then the first link (tables often also link
 * release tags, manifests or checksum files).
 */
function artifactLink(row: readonly string[], columns: readonly Column[]): { url: string; text: string } | undefined {
  const links = row.flatMap((cell, c) =>
    columns[c]?.isChecksum ? [] : [...cell.matchAll(new RegExp(LINK.source, 'g'))].map((m) => ({ url: m[2]!, text: m[1]!.trim(), title: columns[c]?.title ?? '' })),
  );
  const hasExtension = (l: { url: string }): boolean => /\.[a-z0-9]{2,}$/i.test(urlBasename(l.url));
  return (
    links.find((l) => /download|file|image|iso|name/i.test(l.title) && hasExtension(l)) ?? links.find(hasExtension) ?? links[0]
  );
}

function urlBasename(url: string): string {
  try {
    return decodeURIComponent(path.posix.basename(new URL(url, 'http://x/').pathname));
  } catch {
    return path.posix.basename(url);
  }
}
