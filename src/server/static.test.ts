/** The built app served by the team server: files, the SPA fallback with the server marker, no escape from the folder, /api untouched. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './http/context';
import { CONTENT_SECURITY_POLICY } from '../core/csp';
import { SERVER_MARKER_TAG, staticRoutes } from './static';

let dir: string;
let app: Hono<AppEnv>;

beforeAll(async () => {
  const top = await mkdtemp(path.join(os.tmpdir(), 'cl-static-'));
  dir = path.join(top, 'dist');
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><html><head><title>Crosslabel</title></head><body></body></html>');
  await writeFile(path.join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
  await writeFile(path.join(top, 'secret.txt'), 'do not serve');
  await writeFile(path.join(dir, '.env'), 'SECRET=1');
  app = new Hono<AppEnv>();
  app.get('/api/health', (c) => c.json({ ok: true }));
  app.route('/', staticRoutes(dir));
  app.notFound((c) => c.json({ error: `no route ${c.req.path}` }, 404));
});
afterAll(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

describe('static app routes', () => {
  it('serves index.html with the server marker at / and at any page path', async () => {
    for (const p of ['/', '/tasks/42']) {
      const res = await app.request(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain(`<head>${SERVER_MARKER_TAG}<title>`);
    }
  });
  it('serves hashed assets with their type and a long cache', async () => {
    const res = await app.request('/assets/main-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe('console.log(1)');
  });
  it('answers 404 for a missing asset, and never serves files outside the folder or dotfiles', async () => {
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/.env']) {
      const res = await app.request(p);
      expect(await res.text()).not.toMatch(/do not serve|SECRET=1/);
    }
  });
  it('leaves /api to the API: known routes answer, unknown ones get the API 404', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ ok: true });
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no route /api/nope' });
  });
  it('sends the app Content-Security-Policy with the page, its assets and its 404s, but leaves /api alone', async () => {
    for (const p of ['/', '/tasks/42', '/assets/main-abc123.js', '/assets/missing.js']) {
      const res = await app.request(p);
      const csp = res.headers.get('content-security-policy');
      expect(csp, p).toBe(CONTENT_SECURITY_POLICY);
      expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|; )connect-src 'self' blob: data:(;|$)/);
      expect(csp).not.toMatch(/unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await app.request('/api/health')).headers.get('content-security-policy')).toBeNull();
  });
  it('says how to build the app when the folder has none', async () => {
    const empty = new Hono<AppEnv>().route('/', staticRoutes(path.join(dir, 'nothing-here')));
    const res = await empty.request('/');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/not built.*npm run build/);
  });
});
