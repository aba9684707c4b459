// A real nginx serving a WebDAV PUT-able directory on 127.0.0.1:<free port>, the way a
// team would host the remote cache. Own config, root, pid and logs in a temp dir.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Nginx {
  readonly url: string;
  readonly root: string;
  accessLog(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startNginx(): Promise<Nginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pb-test-cache-nginx-'));
  const root = path.join(dir, 'root');
  await mkdir(root);
  for (const t of ['body', 'proxy', 'fastcgi', 'scgi', 'uwsgi']) await mkdir(path.join(dir, t));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  scgi_temp_path ${dir}/scgi;
  uwsgi_temp_path ${dir}/uwsgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    client_max_body_size 0;
    location / {
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
  }
}
`);
  execFileSync('nginx', ['-t', '-c', conf, '-g', 'daemon off;'], { stdio: 'pipe' });
  const child: ChildProcess = spawn('nginx', ['-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${url}/`).then(() => true, () => false);
    if (up) break;
    await sleep(50);
  }
  return {
    url,
    root,
    accessLog: () => readFile(path.join(dir, 'access.log'), 'utf8').catch(() => ''),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await exited;
    },
  };
}
