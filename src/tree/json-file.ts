// Reads a JSON file and turns syntax errors into PhotonBuildError('config') naming the file
// and the line. Does not validate the shape of the value (callers do).
import { readFile } from 'node:fs/promises';
import { PhotonBuildError } from '../errors.js';

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PhotonBuildError('config', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
  return parseJsonText(text, file);
}

export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PhotonBuildError('config', `malformed JSON: ${message}`, { file, line: errorLine(text, message) });
  }
}

/** V8 reports "at position N" (and newer versions "line L column C"); map either to a line. */
function errorLine(text: string, message: string): number {
  const lineMatch = /line (\d+)/.exec(message);
  if (lineMatch) return Number(lineMatch[1]);
  const posMatch = /position (\d+)/.exec(message);
  const pos = posMatch ? Number(posMatch[1]) : text.length;
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringList(value: unknown, file: string, key: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new PhotonBuildError('config', `expected a list of strings, got ${JSON.stringify(value)}`, { file, key });
  }
  return value as string[];
}
