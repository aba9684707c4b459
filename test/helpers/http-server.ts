// A real node:http server on 127.0.0.1 (port 0) for download and verify tests, with
// per-path fault injection: error statuses N times, connections dropped mid-body, wrong
// content, slow bodies, Range support (or a server that ignores or botches it).
// Test-only; never used by the product.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Answer `status` (e.g. 500, 503, 404) for the next `times` requests (default: always). */
  | { readonly kind: 'status'; readonly status: number; readonly times?: number }
  /** Send the headers and the first `afterBytes` bytes, then destroy the socket. */
  | { readonly kind: 'drop'; readonly afterBytes: number; readonly times?: number }
  /** Serve these bytes instead of the route's body (a corrupt mirror). */
  | { readonly kind: 'wrong-content'; readonly body: Uint8Array; readonly times?: number }
  /** Write the body in `chunkSize` pieces with `delayMs` pauses. */
  | { readonly kind: 'slow'; readonly chunkSize: number; readonly delayMs: number; readonly times?: number }
  /** Ignore Range requests (answer 200 with the whole body). */
  | { readonly kind: 'no-range' }
  /** Answer a Range request with 206 but a Content-Range that starts at 0. */
  | { readonly kind: 'bad-content-range'; readonly times?: number };

export interface Route {
  readonly body: Uint8Array;
  readonly faults?: readonly Fault[];
  readonly contentType?: string;
}

export interface RequestRecord {
  readonly path: string;
  readonly range?: string;
  readonly status: number;
}

export interface TestServer {
  readonly url: string;
  route(path: string, route: Route): void;
  readonly requests: readonly RequestRecord[];
  hits(path: string): number;
  close(): Promise<void>;
}

interface LiveRoute {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly faults: { fault: Fault; remaining: number }[];
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, LiveRoute>();
  const requests: RequestRecord[] = [];
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes.get(urlPath);
    const record = (status: number): void => {
      requests.push({ path: urlPath, range: req.headers.range, status });
    };
    if (!route) {
      record(404);
      res.writeHead(404).end('not found');
      return;
    }
    const take = (kind: Fault['kind']): Fault | undefined => {
      const slot = route.faults.find((f) => f.fault.kind === kind && f.remaining > 0);
      if (!slot) return undefined;
      slot.remaining--;
      return slot.fault;
    };
    const status = take('status') as Extract<Fault, { kind: 'status' }> | undefined;
    if (status) {
      record(status.status);
      res.writeHead(status.status).end(`fault ${status.status}`);
      return;
    }
    const wrong = take('wrong-content') as Extract<Fault, { kind: 'wrong-content' }> | undefined;
    const body = wrong ? wrong.body : route.body;
    const total = body.byteLength;
    let start = 0;
    let code = 200;
    const headers: Record<string, string> = { 'content-type': route.contentType, 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !route.faults.some((f) => f.fault.kind === 'no-range')) {
      start = Number(range[1]);
      if (start >= total) {
        record(416);
        res.writeHead(416, { 'content-range': `bytes */${total}` }).end();
        return;
      }
      code = 206;
      headers['content-range'] = take('bad-content-range') ? `bytes 0-${total - 1}/${total}` : `bytes ${start}-${total - 1}/${total}`;
      if (headers['content-range'].startsWith('bytes 0-')) start = 0;
    }
    const payload = body.subarray(start);
    headers['content-length'] = String(payload.byteLength);
    record(code);
    res.writeHead(code, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const drop = take('drop') as Extract<Fault, { kind: 'drop' }> | undefined;
    if (drop) {
      // Give the client time to read what was sent before the connection dies.
      res.write(payload.subarray(0, drop.afterBytes), () => {
        setTimeout(() => res.socket?.destroy(), 100);
      });
      return;
    }
    const slow = take('slow') as Extract<Fault, { kind: 'slow' }> | undefined;
    if (slow) {
      void writeSlowly(res, payload, slow.chunkSize, slow.delayMs);
      return;
    }
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    route(path, route) {
      routes.set(path, {
        body: route.body,
        contentType: route.contentType ?? 'application/octet-stream',
        faults: (route.faults ?? []).map((fault) => ({ fault, remaining: 'times' in fault && fault.times !== undefined ? fault.times : Infinity })),
      });
    },
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function writeSlowly(res: http.ServerResponse, payload: Uint8Array, chunkSize: number, delayMs: number): Promise<void> {
  for (let off = 0; off < payload.byteLength; off += chunkSize) {
    if (res.destroyed) return;
    res.write(payload.subarray(off, off + chunkSize));
    await new Promise((r) => setTimeout(r, delayMs));
  }
  res.end();
}
