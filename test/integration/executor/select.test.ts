import { afterEach, describe, expect, it } from 'vitest';
import { selectEngine } from '../../../src/executor/select.js';
import { PhotonBuildError } from '../../../src/errors.js';

describe('selectEngine', () => {
  const saved = { docker: process.env['PHOTON_BUILD_DOCKER'], podman: process.env['PHOTON_BUILD_PODMAN'] };
  afterEach(() => {
    for (const [k, v] of [['PHOTON_BUILD_DOCKER', saved.docker], ['PHOTON_BUILD_PODMAN', saved.podman]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('auto picks the running docker daemon', async () => {
    const engine = await selectEngine('auto');
    expect(engine.name).toBe('docker');
  });

  it('with no docker and no podman fails with no-engine (exit 4) and says what to install', async () => {
    process.env['PHOTON_BUILD_DOCKER'] = '/nonexistent/docker';
    process.env['PHOTON_BUILD_PODMAN'] = '/nonexistent/podman';
    const error = await selectEngine('auto').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PhotonBuildError);
    const e = error as PhotonBuildError;
    expect(e.reason).toBe('no-engine');
    expect(e.exitCode).toBe(4);
    expect(e.message).toContain('apt-get install docker.io');
    expect(e.message).toContain('podman with runc');
  });

  it('falls back to podman when docker is absent', async () => {
    process.env['PHOTON_BUILD_DOCKER'] = '/nonexistent/docker';
    const engine = await selectEngine('auto');
    expect(engine.name).toBe('podman');
  });

  it('an explicit docker choice does not fall back', async () => {
    process.env['PHOTON_BUILD_DOCKER'] = '/nonexistent/docker';
    await expect(selectEngine('docker')).rejects.toMatchObject({ reason: 'no-engine' });
  });
});
