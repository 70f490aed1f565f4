/**
 * The media routes over both stores (the folder store and S3 over the real protocol against
 * s3rver): uploads raw and multipart, the size limit from Content-Length and while streaming (413,
 * nothing stored), the type check (415 naming the file), traversal attempts, content-addressed
 * re-uploads, Range/ETag/HEAD on GET, signed-URL redirects, roles, and project isolation.
 * Runs on PGlite; with TEST_POSTGRES=1 on a throw-away PostgreSQL server.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TAXONOMY } from '../../core/schema';
import { createApp } from '../app';
import { SESSION_COOKIE } from '../auth/sessions';
import { defaultConfig } from '../config';
import type { Db } from '../db/db';
import type { AppEnv } from '../http/context';
import { CSRF_HEADER } from '../http/session';
import { makeTeam, openTestDb, type Team, type TestUser } from '../scenes/testTeam';
import type { MediaStore } from './mediaStore';
import { openStorage } from './open';
import { startS3rver, type TestS3 } from './testing/s3rver';

const file = (p: string) => new Uint8Array(readFileSync(new URL(`../../../${p}`, import.meta.url)));
const JPEG = file('public/demo/sequence/image_02/data/0000000000.jpg'); // 105 748 bytes
const PNG = file('public/demo/kitti/image_2/000001.png'); // 735 973 bytes: over the test limit
const WEBM = file('public/demo/talking/grid_swwp2s.webm');
const WAV = file('fixtures/audio-onset/pyannote_sample_6000-7200ms.wav');
const KITTI_TRUNCATED = file('fixtures/kitti-malformed/truncated.bin');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const LIMIT = 150_000;
const BUCKET = 'crosslabel-media-routes';

let db: Db;
let team: Team;
let other: Team;
let s3: TestS3;
let tmp: string;
const stores: MediaStore[] = [];

beforeAll(async () => {
  db = await openTestDb();
  team = await makeTeam(db, 'media');
  other = await makeTeam(db, 'media-other');
  s3 = await startS3rver([BUCKET]);
  for (const [k, v] of Object.entries(s3.env)) vi.stubEnv(k, v);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crosslabel-media-routes-'));
}, 180_000);

afterAll(async () => {
  for (const s of stores) await s.close();
  await s3?.stop();
  await db?.close();
  vi.unstubAllEnvs();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The app as the server builds it (app.ts mounts mediaRoutes(), which reads MEDIA_* when created). */
function makeApp(storage: MediaStore | undefined, dataDir: string, env: Record<string, string> = {}): Hono<AppEnv> {
  const vars = { MEDIA_MAX_BYTES: String(LIMIT), MEDIA_SIGNED_URLS: '0', ...env };
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v); // read once, when the routes are made
  const app = createApp({ db, config: defaultConfig({ dataDir }), storage });
  return app;
}

function as(app: Hono<AppEnv>, user?: TestUser) {
  const auth = (h: Record<string, string> = {}): Record<string, string> =>
    user ? { cookie: `${SESSION_COOKIE}=${user.token}`, [CSRF_HEADER]: user.csrf, ...h } : h;
  return {
    /** A raw upload, the name in ?name=. */
    upload: (projectId: string, name: string, bytes: Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
      app.request(`/api/projects/${encodeURIComponent(projectId)}/media?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: auth({ 'content-type': 'application/octet-stream', ...headers }),
        body: bytes,
        ...(bytes instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit),
    form: (projectId: string, fd: FormData) => app.request(`/api/projects/${projectId}/media`, { method: 'POST', headers: auth(), body: fd }),
    get: (p: string, headers: Record<string, string> = {}) => app.request(p, { headers: auth(headers) }),
    head: (p: string) => app.request(p, { method: 'HEAD', headers: auth() }),
    delete: (p: string) => app.request(p, { method: 'DELETE', headers: auth() }),
  };
}

interface Record_ {
  sha256: string;
  name: string;
  contentType: string;
  format: string;
  size: number;
  uploadedBy: string;
  url: string;
  created: boolean;
}

const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

/** A body stream that counts how many chunks were pulled from it. */
function countingStream(bytes: Uint8Array, chunk = 16_384) {
  const state = { pulled: 0 };
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (at >= bytes.length) return ctrl.close();
      state.pulled++;
      ctrl.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
  return { stream, state };
}

const stored = async (storage: MediaStore, projectId: string) => (await storage.list(`projects/${projectId}/media/`)).map((o) => o.key);
const rows = async (projectId: string) => (await db.query<{ sha256: string }>('select sha256 from media where project_id = $1', [projectId])).rows;
const spoolFiles = async (dataDir: string) => readdir(path.join(dataDir, 'upload-spool')).catch(() => [] as string[]);

describe.each(['folder', 's3'] as const)('media routes on the %s store', (kind) => {
  let storage: MediaStore;
  let app: Hono<AppEnv>;
  let dataDir: string;
  let pid: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmp, `${kind}-`));
    storage = kind === 'folder' ? await openStorage(undefined, dataDir) : await openStorage(`s3://${BUCKET}/${kind}-${Date.now()}`, dataDir);
    stores.push(storage);
    app = makeApp(storage, dataDir);
    // A project of its own per store, so "nothing stored" checks see only this store's uploads; the
    // shared team's manager, annotator and reviewer are its members.
    const { rows } = await db.query<{ id: string }>('insert into projects (name, taxonomy) values ($1, $2::jsonb) returning id', [
      `media ${kind}`,
      JSON.stringify(DEFAULT_TAXONOMY),
    ]);
    pid = rows[0].id;
    for (const who of ['manager', 'annotator', 'reviewer'] as const) {
      await db.query('insert into members (project_id, user_id, role) values ($1, $2, $3)', [pid, team.users[who].id, who]);
    }
  });

  it('stores a raw upload under its SHA-256 and serves it back with its type', async () => {
    const res = await as(app, team.users.annotator).upload(pid, 'camera/0000000000.jpg', JPEG);
    expect(res.status, await res.clone().text()).toBe(201);
    const rec = (await res.json()) as Record_;
    expect(rec).toMatchObject({
      sha256: sha(JPEG),
      name: 'camera/0000000000.jpg',
      contentType: 'image/jpeg',
      format: 'jpeg',
      size: JPEG.length,
      uploadedBy: team.users.annotator.id,
      created: true,
      url: `/api/projects/${pid}/media/${sha(JPEG)}`,
    });
    expect(await stored(storage, pid)).toEqual([`projects/${pid}/media/${sha(JPEG)}`]);

    const got = await as(app, team.users.reviewer).get(rec.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('accept-ranges')).toBe('bytes');
    expect(got.headers.get('content-length')).toBe(String(JPEG.length));
    expect(got.headers.get('etag')).toBe(`"${sha(JPEG)}"`);
    expect(got.headers.get('content-disposition')).toBe(`inline; filename="0000000000.jpg"; filename*=UTF-8''0000000000.jpg`);
    expect(Buffer.from(await got.arrayBuffer()).equals(JPEG)).toBe(true);

    const list = (await (await as(app, team.users.reviewer).get(`/api/projects/${pid}/media`)).json()) as { media: Record_[] };
    expect(list.media.map((m) => [m.name, m.sha256])).toEqual([['camera/0000000000.jpg', sha(JPEG)]]);
  });

  it('answers Range requests with 206 and the right slice, 416 past the end, 304 on a matching ETag, headers only for HEAD', async () => {
    const url = `/api/projects/${pid}/media/${sha(JPEG)}`;
    const user = as(app, team.users.annotator);
    const mid = await user.get(url, { range: 'bytes=1000-1999' });
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe(`bytes 1000-1999/${JPEG.length}`);
    expect(mid.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await mid.arrayBuffer()).equals(JPEG.subarray(1000, 2000))).toBe(true);
    const tail = await user.get(url, { range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(JPEG.subarray(JPEG.length - 10))).toBe(true);
    const past = await user.get(url, { range: `bytes=${JPEG.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${JPEG.length}`);
    const stale = await user.get(url, { range: 'bytes=0-9', 'if-range': '"something-else"' });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(JPEG.length);
    const cached = await user.get(url, { 'if-none-match': `"${sha(JPEG)}"` });
    expect(cached.status).toBe(304);
    const head = await user.head(url);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(JPEG.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('takes multipart uploads (one file part) and X-File-Name, and keeps one copy of identical bytes', async () => {
    const fd = new FormData();
    fd.append('comment', 'talking head');
    fd.append('file', new Blob([WEBM], { type: 'video/webm' }), 'grid.webm');
    const res = await as(app, team.users.manager).form(pid, fd);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'grid.webm', sha256: sha(WEBM), contentType: 'video/webm', size: WEBM.length });

    const wav = await app.request(`/api/projects/${pid}/media`, {
      method: 'POST',
      headers: { cookie: `${SESSION_COOKIE}=${team.users.annotator.token}`, [CSRF_HEADER]: team.users.annotator.csrf, 'x-file-name': encodeURIComponent('speech ä.wav') },
      body: WAV,
    });
    expect(wav.status).toBe(201);
    expect(await wav.json()).toMatchObject({ name: 'speech ä.wav', contentType: 'audio/wav', format: 'wav' });

    const again = await as(app, team.users.annotator).upload(pid, 'copy-of-frame.jpg', JPEG);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, name: 'camera/0000000000.jpg', sha256: sha(JPEG) });
    expect((await stored(storage, pid)).sort()).toEqual([sha(JPEG), sha(WEBM), sha(WAV)].map((h) => `projects/${pid}/media/${h}`).sort());
    expect((await rows(pid)).length).toBe(3);

    const two = new FormData();
    two.append('a', new Blob([JPEG]), 'a.jpg');
    two.append('b', new Blob([JPEG]), 'b.jpg');
    const refused = await as(app, team.users.manager).form(pid, two);
    expect(refused.status).toBe(400);
    expect(await errorOf(refused)).toMatch(/one file per upload/);
  });

  it('refuses an upload over the limit from its Content-Length, without reading the body (413)', async () => {
    const before = await stored(storage, pid);
    const { stream, state } = countingStream(PNG);
    const res = await as(app, team.users.annotator).upload(pid, 'big.png', stream, { 'content-length': String(PNG.length) });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toBe(`big.png: ${PNG.length} bytes is larger than the upload limit of ${LIMIT} bytes`);
    expect(state.pulled).toBeLessThanOrEqual(1); // at most the stream's own prefetch
    expect(await stored(storage, pid)).toEqual(before);
    expect((await rows(pid)).map((r) => r.sha256)).not.toContain(sha(PNG));
  });

  it('refuses an upload over the limit while streaming when no length is declared (413, nothing stored or spooled)', async () => {
    const before = await stored(storage, pid);
    const { stream, state } = countingStream(PNG);
    const res = await as(app, team.users.annotator).upload(pid, 'big.png', stream);
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toBe(`big.png: larger than the upload limit of ${LIMIT} bytes`);
    expect(state.pulled).toBeLessThan(Math.ceil(PNG.length / 16_384)); // stopped reading early
    const fd = new FormData();
    fd.append('file', new Blob([PNG]), 'big.png');
    const multi = await as(app, team.users.annotator).form(pid, fd);
    expect(multi.status).toBe(413);
    expect(await stored(storage, pid)).toEqual(before);
    expect((await rows(pid)).map((r) => r.sha256)).not.toContain(sha(PNG));
    expect(await spoolFiles(dataDir)).toEqual([]);
  });

  it('refuses content that does not match the name (415 naming the file), nothing stored', async () => {
    const before = await stored(storage, pid);
    const lie = await as(app, team.users.annotator).upload(pid, 'frame.png', WEBM);
    expect(lie.status).toBe(415);
    expect(await errorOf(lie)).toBe('frame.png: the name says PNG image but the content is a WebM/Matroska file');
    const cut = await as(app, team.users.annotator).upload(pid, 'velodyne/000000.bin', KITTI_TRUNCATED);
    expect(cut.status).toBe(415);
    expect(await errorOf(cut)).toMatch(/^velodyne\/000000\.bin: .* 167 bytes are not a whole number of 16-byte points/);
    const fd = new FormData();
    fd.append('file', new Blob([JPEG]), 'scene.json');
    const multi = await as(app, team.users.annotator).form(pid, fd);
    expect(multi.status).toBe(415);
    expect(await errorOf(multi)).toMatch(/^scene\.json: the name says JSON but the content is a JPEG image$/);
    const unknown = await as(app, team.users.annotator).upload(pid, 'clip.mpg', file('fixtures/media/grid_5frames.mpg'));
    expect(unknown.status).toBe(415);
    expect(await errorOf(unknown)).toMatch(/^clip\.mpg: not an accepted media type/);
    expect(await stored(storage, pid)).toEqual(before);
    expect(await spoolFiles(dataDir)).toEqual([]);
  });

  it('refuses traversal: path-like names, keys and project ids that climb', async () => {
    const before = await stored(storage, pid);
    for (const name of ['../../etc/passwd.png', 'a/../b.png', '/abs/x.png', 'a\\..\\b.png']) {
      const res = await as(app, team.users.annotator).upload(pid, name, JPEG);
      expect(res.status, name).toBe(400);
      expect(await errorOf(res)).toMatch(/^upload name /);
    }
    for (const key of ['..%2F..%2Fetc%2Fpasswd', `..%2F${sha(JPEG)}`, sha(JPEG).toUpperCase(), 'x'.repeat(64)]) {
      const res = await as(app, team.users.annotator).get(`/api/projects/${pid}/media/${key}`);
      expect(res.status, key).toBe(400);
      expect(await errorOf(res)).toMatch(/^invalid media key .*: expected the file's SHA-256/);
    }
    const climb = await as(app, team.users.annotator).upload(`${pid}/../../x`, 'frame.jpg', JPEG);
    expect(climb.status).toBe(404);
    expect(await stored(storage, pid)).toEqual(before);
    expect((await storage.list('')).every((o) => /^projects\/[0-9a-f-]{36}\/media\/[0-9a-f]{64}$/.test(o.key))).toBe(true);
  });

  it('lets managers and annotators upload, every member read, only managers delete; outsiders get 404', async () => {
    const url = `/api/projects/${pid}/media/${sha(WAV)}`;
    expect((await as(app, team.users.reviewer).upload(pid, 'r.jpg', JPEG)).status).toBe(403);
    expect((await as(app, other.users.manager).upload(pid, 'o.jpg', JPEG)).status).toBe(404);
    expect((await as(app, other.users.manager).get(url)).status).toBe(404);
    expect((await as(app, other.users.manager).get(`/api/projects/${pid}/media`)).status).toBe(404);
    expect((await as(app).get(url)).status).toBe(401);
    const noCsrf = await app.request(`/api/projects/${pid}/media?name=x.jpg`, {
      method: 'POST',
      headers: { cookie: `${SESSION_COOKIE}=${team.users.annotator.token}` },
      body: JPEG,
    });
    expect(noCsrf.status).toBe(403);
    expect((await as(app, team.users.annotator).delete(url)).status).toBe(403);
    expect((await as(app, team.users.manager).delete(url)).status).toBe(204);
    expect((await as(app, team.users.reviewer).get(url)).status).toBe(404);
    expect(await stored(storage, pid)).not.toContain(`projects/${pid}/media/${sha(WAV)}`);
    expect((await as(app, team.users.manager).delete(url)).status).toBe(404);
  });

  it('keeps projects apart: bytes in project B are not reachable through project A, even by their hash', async () => {
    // Bytes only project B has (a frame with its last 16 bytes changed).
    const onlyB = new Uint8Array([...JPEG.subarray(0, JPEG.length - 16), ...new Uint8Array(16).fill(kind === 'folder' ? 7 : 8)]);
    const up = await as(app, other.users.manager).upload(other.projectId, 'b-only.jpg', onlyB);
    expect(up.status).toBe(201);
    const b = (await up.json()) as Record_;
    expect(await stored(storage, other.projectId)).toEqual([`projects/${other.projectId}/media/${b.sha256}`]);
    expect((await as(app, team.users.manager).get(`/api/projects/${pid}/media/${b.sha256}`)).status).toBe(404);
    expect((await as(app, team.users.manager).get(`/api/projects/${other.projectId}/media/${b.sha256}`)).status).toBe(404);
    expect((await as(app, other.users.manager).get(`/api/projects/${other.projectId}/media/${b.sha256}`)).status).toBe(200);
  });

  it(kind === 's3' ? 'redirects to a signed URL with MEDIA_SIGNED_URLS=1' : 'streams even with MEDIA_SIGNED_URLS=1 (a folder cannot sign)', async () => {
    const signing = makeApp(storage, dataDir, { MEDIA_SIGNED_URLS: '1', MEDIA_SIGNED_URL_SECONDS: '120' });
    const res = await as(signing, team.users.reviewer).get(`/api/projects/${pid}/media/${sha(JPEG)}`);
    if (kind === 'folder') {
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).toBe(true);
      return;
    }
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${s3.endpoint}/${BUCKET}/`)).toBe(true);
    expect(location).toMatch(/X-Amz-Expires=120\b/);
    const direct = await fetch(location);
    expect(direct.status).toBe(200);
    expect(direct.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await direct.arrayBuffer()).equals(JPEG)).toBe(true);
    // Still members only: the redirect is not handed to outsiders.
    expect((await as(signing, other.users.manager).get(`/api/projects/${pid}/media/${sha(JPEG)}`)).status).toBe(404);
  });
});

describe('without a media store', () => {
  it('answers 503 naming the problem', async () => {
    const app = makeApp(undefined, tmp);
    const res = await as(app, team.users.annotator).upload(team.projectId, 'a.jpg', JPEG);
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toBe('this server has no media storage configured');
  });
});
