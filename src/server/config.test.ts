import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseConfig } from './config';

describe('server configuration', () => {
  it('defaults: port 8787, loopback, ./.crosslabel-server, PGlite and folder media', () => {
    const c = parseConfig([], {});
    expect(c).toMatchObject({ port: DEFAULT_PORT, host: '127.0.0.1', dataDir: path.resolve('.crosslabel-server'), trustProxy: false });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.mediaUrl).toBeUndefined();
    expect(DEFAULT_PORT).toBe(8787);
  });

  it('flags over environment', () => {
    const c = parseConfig(['--port', '9001', '--data=/srv/cl', '--admin', 'root:pa:ss word', '--trust-proxy'], {
      PORT: '1234',
      DATABASE_URL: 'postgres://u@db/crosslabel',
      MEDIA_URL: 's3://bucket/prefix',
    });
    expect(c).toMatchObject({ port: 9001, dataDir: '/srv/cl', admin: { name: 'root', password: 'pa:ss word' }, trustProxy: true });
    expect(c.databaseUrl).toBe('postgres://u@db/crosslabel');
    expect(c.mediaUrl).toBe('s3://bucket/prefix');
    expect(parseConfig([], { PORT: '1234', CROSSLABEL_ADMIN: 'a:b' })).toMatchObject({ port: 1234, admin: { name: 'a', password: 'b' } });
  });

  it('names a bad flag or value', () => {
    expect(() => parseConfig(['--prot', '1'], {})).toThrow(/unknown option --prot/);
    expect(() => parseConfig(['--port', 'http'], {})).toThrow(/--port http is not a port number/);
    expect(() => parseConfig(['--port'], {})).toThrow(/--port needs a value/);
    expect(() => parseConfig(['--admin', 'nopassword'], {})).toThrow(/--admin expects NAME:PASSWORD/);
  });
});
