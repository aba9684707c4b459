// Reads the host's Debian mirror from apt's sources at run time (deb822 `URIs:` first,
// then the one-line sources.list). The mirror is never hard-coded anywhere.
import { readFile } from 'node:fs/promises';

export const APT_SOURCES = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'] as const;

/** First mirror URI in the given deb822 or one-line sources text, if any. */
export function parseMirror(text: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const deb822 = /^URIs:\s*(\S+)/i.exec(line);
    if (deb822?.[1]) return deb822[1];
    // deb [options] uri suite components
    const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(line);
    if (oneLine?.[1]) return oneLine[1];
  }
  return undefined;
}

export async function readDebianMirror(files: readonly string[] = APT_SOURCES): Promise<string | undefined> {
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const mirror = text === undefined ? undefined : parseMirror(text);
    if (mirror) return mirror;
  }
  return undefined;
}
