/**
 * Serves the built browser app (`vite build` → dist/) from the team server, so the app and the API
 * share one origin: the session cookie (SameSite) and CSRF header just work, no CORS. Any path that
 * is not /api and not a file answers index.html (the app routes itself). index.html gets a
 * `<meta name="crosslabel-server">` marker: the app shows its Team entry only when it sees it.
 *
 * Every answer carries the app's Content-Security-Policy (src/core/csp.ts), the same one `vite preview`
 * sends, so the app behaves alike behind either server.
 *
 * The folder: CROSSLABEL_APP_DIR, else ./dist. When it has no index.html the routes answer 404
 * saying how to build it; the API works either way.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { SECURITY_HEADERS } from '../core/csp';
import type { AppEnv } from './http/context';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.pcd': 'application/octet-stream',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

export const SERVER_MARKER_TAG = '<meta name="crosslabel-server" content="1">';

export function staticRoutes(root = process.env.CROSSLABEL_APP_DIR || path.resolve('dist')): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const base = path.resolve(root);
  let index: Promise<string | undefined> | undefined;
  const indexHtml = () =>
    (index ??= readFile(path.join(base, 'index.html'), 'utf8').then(
      (html) => html.replace(/<head([^>]*)>/i, `<head$1>${SERVER_MARKER_TAG}`),
      () => {
        index = undefined; // built later: look again next time
        return undefined;
      },
    ));

  r.on(['GET', 'HEAD'], '*', async (c, next) => {
    const url = c.req.path;
    if (url === '/api' || url.startsWith('/api/')) return next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    let rel: string;
    try {
      rel = decodeURIComponent(url);
    } catch {
      return c.json({ error: `bad path ${url}` }, 400);
    }
    const file = path.resolve(base, `.${path.posix.normalize(rel)}`);
    // never outside the app folder, never a dotfile
    if (file.startsWith(base + path.sep) && !rel.split('/').some((s) => s.startsWith('.'))) {
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile() && path.basename(file) !== 'index.html') {
        const body = await readFile(file);
        c.header('content-type', TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
        // vite puts a content hash in every asset name: cache them for good
        c.header('cache-control', rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        return c.body(body);
      }
    }
    // a missing asset is a 404, a page path is the app
    if (/\.[a-z0-9]+$/i.test(rel) && !rel.endsWith('.html')) return c.json({ error: `no file ${url}` }, 404);
    const html = await indexHtml();
    if (!html) return c.json({ error: `the browser app is not built in ${base}: run "npm run build" (or set CROSSLABEL_APP_DIR)` }, 404);
    c.header('cache-control', 'no-cache');
    return c.html(html);
  });
  return r;
}
