/**
 * The media routes over a real socket (@hono/node-server on 127.0.0.1, port 0), where streaming
 * matters: a multipart upload from fetch's FormData, a ranged GET the way a <video> element seeks,
 * and an oversized chunked upload that is refused while it is still arriving.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app';
import { SESSION_COOKIE } from '../auth/sessions';
import { defaultConfig } from '../config';
import type { Db } from '../db/db';
import { CSRF_HEADER } from '../http/session';
import { makeTeam, openTestDb, type Team } from '../scenes/testTeam';
import type { MediaStore } from './mediaStore';
import { openStorage } from './open';

const WEBM = new Uint8Array(readFileSync(new URL('../../../public/demo/talking/nasa_13013.webm', import.meta.url))); // 201 192 bytes
const LIMIT = 300_000;

let db: Db;
let team: Team;
let storage: MediaStore;
let server: ServerType;
let base: string;
let dataDir: string;

beforeAll(async () => {
  db = await openTestDb();
  team = await makeTeam(db, 'media-http');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosslabel-media-http-'));
  storage = await openStorage(undefined, dataDir);
  vi.stubEnv('MEDIA_MAX_BYTES', String(LIMIT));
  vi.stubEnv('MEDIA_SIGNED_URLS', '0');
  const app = createApp({ db, config: defaultConfig({ dataDir }), storage });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await storage?.close();
  await db?.close();
  vi.unstubAllEnvs();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const auth = () => ({ cookie: `${SESSION_COOKIE}=${team.users.annotator.token}`, [CSRF_HEADER]: team.users.annotator.csrf });

describe('media over HTTP', () => {
  it('uploads a multipart form from fetch and seeks into it with Range', async () => {
    const fd = new FormData();
    fd.append('file', new Blob([WEBM], { type: 'video/webm' }), 'nasa.webm');
    const up = await fetch(`${base}/api/projects/${team.projectId}/media`, { method: 'POST', headers: auth(), body: fd });
    expect(up.status, await up.clone().text()).toBe(201);
    const rec = (await up.json()) as { sha256: string; url: string };
    expect(rec.sha256).toBe(createHash('sha256').update(WEBM).digest('hex'));

    const seek = await fetch(`${base}${rec.url}`, { headers: { ...auth(), range: 'bytes=100000-' } });
    expect(seek.status).toBe(206);
    expect(seek.headers.get('content-range')).toBe(`bytes 100000-${WEBM.length - 1}/${WEBM.length}`);
    expect(seek.headers.get('content-type')).toBe('video/webm');
    expect(Buffer.from(await seek.arrayBuffer()).equals(WEBM.subarray(100000))).toBe(true);
  });

  it('refuses an oversized chunked upload with 413 before it has all arrived, storing nothing', { timeout: 60_000 }, async () => {
    // node:http rather than fetch: the server answers 413 and closes while the body is still being
    // sent, and fetch may then report only "fetch failed" (the socket reset) instead of the answer it
    // already had. http.request hands over the response as soon as its head arrives; write errors after
    // that (EPIPE, ECONNRESET) are the refusal doing its job.
    const chunk = new Uint8Array(64 * 1024);
    chunk.set(WEBM.subarray(0, 1024)); // a real WebM header, so only the size is wrong
    const total = 64 * chunk.length; // 4 MiB, far over the limit
    // One upload; status 0 when the connection was reset before the client read the answer: the server
    // closes after its 413 while the client is still writing, and a TCP reset may discard the answer
    // the client had not read yet (it happened under load). That is the transport, not the server, so
    // the upload is tried again, up to three times; every try must stop early and store nothing.
    const upload = () =>
      new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
        let sent = 0;
        let answered = false;
        const req = http.request(`${base}/api/projects/${team.projectId}/media?name=huge.webm`, { method: 'POST', headers: { ...auth(), 'transfer-encoding': 'chunked' } }, (res) => {
          answered = true;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, sent }));
          res.on('error', reject);
        });
        // the server hung up on the rest of the upload; without an answer read, this try is void
        req.on('error', () => {
          if (!answered) resolve({ status: 0, body: '', sent });
        });
        const pump = () => {
          if (answered || sent >= total || req.destroyed) return req.end();
          sent += chunk.length;
          req.write(chunk.slice());
          setTimeout(pump, 5); // arrive over time, like a slow client
        };
        pump();
      });
    let got = await upload();
    for (let i = 0; i < 2 && got.status === 0; i++) {
      expect(got.sent).toBeLessThan(total);
      got = await upload();
    }
    const { status, body, sent } = got;
    expect(status).toBe(413);
    expect((JSON.parse(body) as { error: string }).error).toBe(`huge.webm: larger than the upload limit of ${LIMIT} bytes`);
    expect(sent).toBeLessThan(total);
    expect((await storage.list('')).length).toBe(1); // only the first test's file
  });
});
