import { describe, expect, it } from 'vitest';
import { redactCredentials } from '../../../src/cache/remote.js';

describe('redactCredentials', () => {
  it('hides user:password and tokens in URLs, keeps the rest', () => {
    expect(redactCredentials('remote cache https://ci:s3cr3t@cache.example:8080/photon unreachable')).toBe('remote cache https://***@cache.example:8080/photon unreachable');
    expect(redactCredentials('GET http://tok@10.0.0.1/ac/x failed; retry http://10.0.0.1/cas/y')).toBe('GET http://***@10.0.0.1/ac/x failed; retry http://10.0.0.1/cas/y');
    expect(redactCredentials('no url here: a@b')).toBe('no url here: a@b');
  });
});
