import { describe, expect, it } from 'vitest';
import { mountArg, runArgv } from '../../../src/executor/cli-engine.js';
import { PODMAN_RUN_ARGS } from '../../../src/executor/podman.js';
import { parseMirror } from '../../../src/executor/debian-mirror.js';
import { macroArgs, specLocation } from '../../../src/executor/rpm-build.js';

const docker = { name: 'docker' as const, binary: 'docker', runArgs: [], buildArgs: [], globalArgs: [] };

describe('runArgv', () => {
  it('names the container, removes it, isolates the network and sets our hostname by default', () => {
    const argv = runArgv(docker, { name: 'pb-x', image: 'img', command: ['true'], logFile: '/l' });
    expect(argv).toEqual(['run', '--rm', '--name', 'pb-x', '--network', 'none', '--hostname', 'photon-builder', 'img', 'true']);
  });

  it('orders env by key and puts mounts, workdir and extra args before the image', () => {
    const argv = runArgv(docker, {
      name: 'n', image: 'img', command: ['sh', '-c', 'x'], logFile: '/l', network: 'bridge', workdir: '/w',
      env: { B: '2', A: '1' }, mounts: [{ source: '/t', target: '/photon', readOnly: true }], extraArgs: ['--device', '/dev/null'],
    });
    expect(argv.join(' ')).toBe(
      'run --rm --name n --network bridge --hostname photon-builder --mount type=bind,source=/t,target=/photon,readonly -e A=1 -e B=2 -w /w --device /dev/null img sh -c x',
    );
  });

  it('podman gets runc and the ulimits these hosts accept', () => {
    const podman = { name: 'podman' as const, binary: 'podman', runArgs: PODMAN_RUN_ARGS, buildArgs: [], globalArgs: ['--runtime', 'runc'] };
    const argv = runArgv(podman, { name: 'n', image: 'img', command: ['true'], logFile: '/l' });
    expect(argv.slice(0, 3)).toEqual(['--runtime', 'runc', 'run']);
    expect(argv.join(' ')).toContain('--ulimit nofile=20000:20000 --ulimit nproc=32768:32768');
  });

  it('rejects mount paths a --mount flag cannot carry', () => {
    expect(() => mountArg({ source: '/a,b', target: '/x' })).toThrow(/must not contain/);
  });
});

describe('parseMirror', () => {
  it('reads deb822 URIs first', () => {
    expect(parseMirror('Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n')).toBe('http://mirror.example/debian');
  });
  it('reads a one-line sources.list, with or without options', () => {
    expect(parseMirror('# c\ndeb [arch=amd64] http://m.example/debian bookworm main\n')).toBe('http://m.example/debian');
    expect(parseMirror('deb http://m2.example/debian bookworm main\n')).toBe('http://m2.example/debian');
  });
  it('finds nothing in comments or deb-src', () => {
    expect(parseMirror('# deb http://x/ bookworm main\ndeb-src http://y/ bookworm main\n')).toBeUndefined();
  });
});

describe('rpmbuild arguments', () => {
  it('sorts macros and adds --nocheck unless with_check', () => {
    expect(macroArgs({ with_check: '0', dist: '.ph5' }, false)).toEqual(['--nocheck', '--define', 'dist .ph5', '--define', 'with_check 0']);
    expect(macroArgs({ dist: '.ph5' }, true)).toEqual(['--define', 'dist .ph5']);
  });

  it('maps a spec inside the tree to /photon and mounts one outside it', () => {
    expect(specLocation('/t', '/t/SPECS/a/a.spec')).toEqual({ path: '/photon/SPECS/a/a.spec' });
    expect(specLocation('/t', '/elsewhere/b/b.spec')).toEqual({
      path: '/spec/b.spec', mount: { source: '/elsewhere/b', target: '/spec', readOnly: true },
    });
  });
});
