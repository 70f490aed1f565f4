// MEDIA_URL parsing: what each form opens, and mistakes refused at start with the variable named.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage, parseS3Url } from './open';

describe('parseS3Url', () => {
  it('reads bucket and prefix, the endpoint from S3_ENDPOINT (or AWS_ENDPOINT_URL_S3) and a region', () => {
    expect(parseS3Url('s3://team-media/crosslabel/prod/', {})).toEqual({ bucket: 'team-media', prefix: 'crosslabel/prod' });
    expect(parseS3Url('s3://team-media', { AWS_REGION: 'eu-west-1' })).toEqual({ bucket: 'team-media', prefix: '', region: 'eu-west-1' });
    expect(parseS3Url('s3://b.example', { S3_ENDPOINT: 'http://127.0.0.1:9000' })).toEqual({
      bucket: 'b.example',
      prefix: '',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1', // S3-compatible servers want some region for SigV4; AWS's default one
    });
    expect(parseS3Url('s3://bkt/p', { AWS_ENDPOINT_URL_S3: 'http://minio:9000', AWS_DEFAULT_REGION: 'local' })).toMatchObject({ endpoint: 'http://minio:9000', region: 'local' });
  });
  it.each([
    ['s3://', /not a valid bucket name/],
    ['s3://ab', /"ab" is not a valid bucket name/],
    ['s3://Upper_Case', /not a valid bucket name/],
    ['s3://a..b', /not a valid bucket name/],
    ['s3://key:secret@bucket/x', /^MEDIA_URL: s3:\/\/ URLs take no credentials \(user:secret@\); use AWS_ACCESS_KEY_ID/],
    ['s3://bucket/x?versionId=1', /expected s3:\/\/bucket/],
    ['s3://bucket/../x', /MEDIA_URL s3:\/\/bucket\/\.\.\/x: prefix invalid media key/],
    ['s3://bucket/a//b', /prefix invalid media key/],
  ])('refuses %s', (url, message) => {
    expect(() => parseS3Url(url, {})).toThrow(message);
  });
  it('does not repeat a secret written into the URL', () => {
    expect(() => parseS3Url('s3://AKIA:wJalrXUtnFEMI@bucket', {})).toThrow(expect.objectContaining({ message: expect.not.stringContaining('wJalrXUtnFEMI') }));
  });
});

describe('openStorage', () => {
  it('opens <data>/media by default, creating it', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'crosslabel-open-'));
    try {
      const store = await openStorage(undefined, data);
      expect(store.kind).toBe('folder');
      expect(store.location).toBe(path.join(data, 'media'));
      expect((await stat(path.join(data, 'media'))).isDirectory()).toBe(true);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
  it('opens s3:// URLs as S3 stores without contacting anything', async () => {
    const store = await openStorage('s3://team-media/x', '/unused', { S3_ENDPOINT: 'http://127.0.0.1:1' });
    expect(store.kind).toBe('s3');
    expect(store.location).toBe('s3://team-media/x at http://127.0.0.1:1');
    await store.close();
  });
  it('refuses other schemes naming MEDIA_URL', async () => {
    await expect(openStorage('gs://bucket', '/unused')).rejects.toThrow('MEDIA_URL gs://bucket: unsupported; use s3://bucket/prefix, file:///absolute/folder, or leave it unset for <data>/media');
  });
});
