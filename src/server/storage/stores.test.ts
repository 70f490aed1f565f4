/**
 * One suite, two stores: the folder store and the S3 store (over the real S3 protocol, against
 * s3rver on loopback) must behave the same for put/get/range/head/list/delete/sign and must refuse
 * keys that could escape their namespace.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FolderStore } from './folderStore';
import { MediaKeyError } from './keys';
import { MediaNotFoundError, MediaSizeMismatchError, type MediaStore } from './mediaStore';
import { openStorage } from './open';
import { startS3rver, type TestS3 } from './testing/s3rver';

const BUCKET = 'crosslabel-test';

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** Deterministic bytes that differ at every position mod 251, so a shifted range shows. */
const bytes = (n: number, seed = 0): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) % 251));

let s3: TestS3;
let tmp: string;
const opened: MediaStore[] = [];

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
  // The store reads endpoint and credentials from the environment like in production.
  for (const [k, v] of Object.entries(s3.env)) vi.stubEnv(k, v);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crosslabel-stores-'));
});

afterAll(async () => {
  for (const s of opened) await s.close();
  vi.unstubAllEnvs();
  await s3?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const factories: [string, () => Promise<MediaStore>][] = [
  ['folder', async () => openStorage(undefined, await mkdtemp(path.join(tmp, 'data-')))],
  ['s3', async () => openStorage(`s3://${BUCKET}/run-${Math.random().toString(36).slice(2)}`, tmp)],
];

describe.each(factories)('%s store', (kind, make) => {
  let store: MediaStore;
  beforeAll(async () => {
    store = await make();
    opened.push(store);
    expect(store.kind).toBe(kind);
  });

  it('puts bytes and reads them back with their content type and size', async () => {
    const data = bytes(1000);
    await store.put('projects/1/media/a', data, { contentType: 'image/png', size: data.length });
    const meta = await store.head('projects/1/media/a');
    expect(meta).toMatchObject({ size: 1000, contentType: 'image/png' });
    const got = await store.get('projects/1/media/a');
    expect(got.meta.size).toBe(1000);
    expect(got.range).toBeUndefined();
    expect((await readAll(got.body)).equals(data)).toBe(true);
  });

  it('puts a multi-chunk stream byte for byte (no chunk framing stored)', async () => {
    const data = bytes(200_000, 3);
    const chunks = [data.subarray(0, 65_536), data.subarray(65_536, 131_072), data.subarray(131_072)];
    await store.put('projects/1/media/stream', Readable.from(chunks), { contentType: 'video/webm', size: data.length });
    const got = await store.get('projects/1/media/stream');
    const back = await readAll(got.body);
    expect(back.length).toBe(200_000);
    expect(back.equals(data)).toBe(true);
    expect(got.meta.contentType).toBe('video/webm');
  });

  it('reads inclusive byte ranges, reporting the whole size', async () => {
    const data = bytes(1000, 5);
    await store.put('projects/1/media/r', data, { contentType: 'audio/wav', size: 1000 });
    const mid = await store.get('projects/1/media/r', { start: 10, end: 19 });
    expect(mid.range).toEqual({ start: 10, end: 19 });
    expect(mid.meta.size).toBe(1000);
    expect((await readAll(mid.body)).equals(data.subarray(10, 20))).toBe(true);
    const last = await store.get('projects/1/media/r', { start: 999, end: 999 });
    expect([...(await readAll(last.body))]).toEqual([data[999]]);
    await expect(store.get('projects/1/media/r', { start: 990, end: 1000 })).rejects.toThrow(RangeError);
  });

  it('reports missing objects: head undefined, get MediaNotFoundError', async () => {
    expect(await store.head('projects/1/media/missing')).toBeUndefined();
    await expect(store.get('projects/1/media/missing')).rejects.toBeInstanceOf(MediaNotFoundError);
  });

  it('overwrites an object on a second put', async () => {
    await store.put('projects/1/media/o', Buffer.from('first'), { contentType: 'text/plain' });
    await store.put('projects/1/media/o', Buffer.from('second!'), { contentType: 'application/json' });
    const got = await store.get('projects/1/media/o');
    expect((await readAll(got.body)).toString()).toBe('second!');
    expect(got.meta).toMatchObject({ size: 7, contentType: 'application/json' });
  });

  it('lists by prefix, sorted, with sizes, and not outside the prefix', async () => {
    for (const [k, n] of [['l/a/1', 1], ['l/a/2', 2], ['l/ab/3', 3], ['l/b/4', 4]] as const) {
      await store.put(k, bytes(n), { contentType: 'application/octet-stream' });
    }
    expect(await store.list('l/a/')).toEqual([{ key: 'l/a/1', size: 1 }, { key: 'l/a/2', size: 2 }]);
    expect((await store.list('l/a')).map((o) => o.key)).toEqual(['l/a/1', 'l/a/2', 'l/ab/3']);
    expect((await store.list('l/')).map((o) => o.key)).toEqual(['l/a/1', 'l/a/2', 'l/ab/3', 'l/b/4']);
    expect(await store.list('l/zz/')).toEqual([]);
    expect((await store.list('')).map((o) => o.key)).toContain('projects/1/media/a');
  });

  it('deletes (and deleting a missing object is fine)', async () => {
    await store.put('d/x', bytes(10), { contentType: 'image/jpeg' });
    await store.delete('d/x');
    expect(await store.head('d/x')).toBeUndefined();
    expect(await store.list('d/')).toEqual([]);
    await expect(store.delete('d/x')).resolves.toBeUndefined();
  });

  it.each([
    ['../escape'],
    ['projects/1/../../../etc/passwd'],
    ['/absolute'],
    ['a//b'],
    ['a/'],
    ['.hidden'],
    ['a/.meta/x'],
    ['a\\..\\b'],
    ['a/b%2F..'],
    ['nul\u0000byte'],
    [''],
  ])('refuses the key %j on every operation', async (key) => {
    await expect(store.put(key, bytes(3), { contentType: 'image/png' })).rejects.toBeInstanceOf(MediaKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(MediaKeyError);
    await expect(store.head(key)).rejects.toBeInstanceOf(MediaKeyError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(MediaKeyError);
  });

  it('refuses list prefixes that climb', async () => {
    await expect(store.list('../')).rejects.toBeInstanceOf(MediaKeyError);
    await expect(store.list('l/../../')).rejects.toBeInstanceOf(MediaKeyError);
  });

  if (kind === 's3') {
    it('signs GET URLs that serve the bytes without credentials, with the asked content type', async () => {
      const data = bytes(5000, 9);
      await store.put('projects/2/media/s', data, { contentType: 'application/octet-stream' });
      const url = await store.signedUrl!('projects/2/media/s', 60, { contentType: 'image/png', fileName: 'frame 1.png' });
      expect(url.startsWith(s3.endpoint)).toBe(true);
      expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
      expect(url).toMatch(/X-Amz-Expires=60\b/);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
      const ranged = await fetch(url, { headers: { range: 'bytes=100-199' } });
      expect(ranged.status).toBe(206);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(data.subarray(100, 200))).toBe(true);
      await expect(store.signedUrl!('projects/2/media/s', 0)).rejects.toThrow(RangeError);
      await expect(store.signedUrl!('projects/2/media/s', 8 * 24 * 3600)).rejects.toThrow(/7 days/);
    });

    it('keeps stores with different prefixes apart', async () => {
      const other = await openStorage(`s3://${BUCKET}/other-${Math.random().toString(36).slice(2)}`, tmp);
      opened.push(other);
      await other.put('projects/1/media/a', Buffer.from('other'), { contentType: 'text/plain' });
      expect(await other.list('')).toEqual([{ key: 'projects/1/media/a', size: 5 }]);
      expect((await readAll((await store.get('projects/1/media/a')).body)).length).toBe(1000);
    });
  } else {
    it('cannot sign: media is streamed by the server', () => {
      expect(store.signedUrl).toBeUndefined();
    });
  }
});

describe('folder store specifics', () => {
  it('keeps everything inside <data>/media and leaves nothing behind on a short stream', async () => {
    const data = await mkdtemp(path.join(tmp, 'fs-'));
    const store = await openStorage(undefined, data);
    await expect(store.put('x/y', Readable.from([Buffer.from('abc')]), { contentType: 'image/png', size: 10 })).rejects.toBeInstanceOf(
      MediaSizeMismatchError,
    );
    expect(await store.head('x/y')).toBeUndefined();
    expect(await readdir(path.join(data, 'media', '.tmp'))).toEqual([]);
    await expect(store.put('../outside', Buffer.from('no'), { contentType: 'text/plain' })).rejects.toBeInstanceOf(MediaKeyError);
    expect(existsSync(path.join(data, 'outside'))).toBe(false);
    await store.put('x/y', Buffer.from('ok'), { contentType: 'image/png' });
    expect(existsSync(path.join(data, 'media', 'x', 'y'))).toBe(true);
    await store.delete('x/y');
    expect(existsSync(path.join(data, 'media', 'x'))).toBe(false); // emptied folders are pruned
  });

  it('opens file:// URLs as folders', async () => {
    const dir = await mkdtemp(path.join(tmp, 'url-'));
    const store = await openStorage(`file://${dir}`, '/nonexistent');
    expect(store).toBeInstanceOf(FolderStore);
    expect(store.location).toBe(dir);
  });
});
