// Reading lists and artifacts over HTTP(S) for `verify`: the list as text, an artifact
// as a stream to hash without storing. Thin wrappers around got; no retries of a body
// once it started (verify reports the failure instead).
import got, { HTTPError } from 'got';
import { PhotonBuildError } from '../errors.js';

export function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

export async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  try {
    return await got(url, { signal, retry: { limit: 2 }, timeout: { lookup: 30_000, connect: 30_000, response: 60_000 } }).text();
  } catch (error) {
    if (signal?.aborted) throw new PhotonBuildError('aborted', `fetching ${url} was interrupted`);
    throw new PhotonBuildError('input', `cannot fetch ${url}: ${describeHttpError(error)}`, { file: url }, { cause: error });
  }
}

/** An HTTP body as a byte stream; errors (status ≥ 400 included) surface while iterating. */
export function openUrlStream(url: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  return got.stream(url, { signal, retry: { limit: 0 }, timeout: { lookup: 30_000, connect: 30_000, response: 60_000, socket: 60_000 } });
}

export function httpStatusOf(error: unknown): number | undefined {
  return error instanceof HTTPError ? error.response.statusCode : undefined;
}

export function describeHttpError(error: unknown): string {
  const status = httpStatusOf(error);
  if (status !== undefined) return `HTTP ${status}`;
  const e = error as { code?: string; message?: string };
  return e?.code ? `${e.code} (${e.message ?? ''})` : String(e?.message ?? error);
}
