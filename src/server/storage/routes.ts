/**
 * Media routes, mounted under /api (app.ts):
 *   POST   /projects/:id/media              upload one file (managers, annotators) → 201 record (200 when already there)
 *   GET    /projects/:id/media              the project's media records (members)
 *   GET    /projects/:id/media/:sha256      the bytes (members): streamed with Range support, or a
 *                                           302 to a signed URL (MEDIA_SIGNED_URLS=1 and an S3 store)
 *   DELETE /projects/:id/media/:sha256      remove record and bytes (managers)
 * Uploads are a raw body (name in ?name= or X-File-Name, percent-encoded) or multipart/form-data
 * with one file part. Limits and checks: upload.ts and sniff.ts; the name's extension decides the
 * type, never the client's Content-Type.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { HttpError, authorize, type AppContext, type AppEnv } from '../http/context';
import { MAX_SIGNED_URL_SECONDS, MediaNotFoundError, type MediaStore } from './mediaStore';
import { resolveRange } from './range';
import { deleteMedia, findMedia, listMedia, mediaKey, recordMedia, type MediaRecord } from './records';
import { inlineDisposition } from './s3Store';
import { MULTIPART_OVERHEAD_BYTES, UploadError, openUploadSource, spoolUpload } from './upload';

export interface MediaRouteOptions {
  /** Largest accepted file, bytes (MEDIA_MAX_BYTES; default 1 GiB; S3's single PUT allows 5 GiB). */
  maxBytes: number;
  /** Answer GETs with a 302 to a signed URL when the store can sign (MEDIA_SIGNED_URLS=1). */
  signedUrls: boolean;
  /** Lifetime of those URLs (MEDIA_SIGNED_URL_SECONDS; default 300). */
  signedUrlSeconds: number;
  /** Where uploads are spooled while checked (MEDIA_SPOOL_DIR; default <data>/upload-spool). */
  spoolDir?: string;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 1024 ** 3;

export function mediaOptionsFromEnv(env: Record<string, string | undefined> = process.env): MediaRouteOptions {
  const int = (name: string, fallback: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`server: ${name}=${text} must be a whole number from 1 to ${max}`);
    return n;
  };
  return {
    maxBytes: int('MEDIA_MAX_BYTES', DEFAULT_MAX_UPLOAD_BYTES, 5 * 1024 ** 3),
    signedUrls: env.MEDIA_SIGNED_URLS === '1' || env.MEDIA_SIGNED_URLS === 'true',
    signedUrlSeconds: int('MEDIA_SIGNED_URL_SECONDS', 300, MAX_SIGNED_URL_SECONDS),
    ...(env.MEDIA_SPOOL_DIR ? { spoolDir: env.MEDIA_SPOOL_DIR } : {}),
  };
}

const SHA256 = /^[0-9a-f]{64}$/;

function storageOf(c: AppContext): MediaStore {
  const storage = c.get('deps').storage;
  if (!storage) throw new HttpError(503, 'this server has no media storage configured');
  return storage;
}

function checkSha(key: string): string {
  if (!SHA256.test(key)) {
    const show = JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key);
    throw new HttpError(400, `invalid media key ${show}: expected the file's SHA-256 (64 lower-case hex digits)`);
  }
  return key;
}

/** The API's view of a record (no store key: where the bytes live is the server's business). */
function publicRecord(r: MediaRecord) {
  return {
    sha256: r.sha256,
    name: r.name,
    contentType: r.contentType,
    format: r.format,
    size: r.size,
    uploadedBy: r.uploadedBy,
    at: r.at.toISOString(),
    url: `/api/projects/${encodeURIComponent(r.projectId)}/media/${r.sha256}`,
  };
}

function uploadName(c: AppContext): string | undefined {
  const q = c.req.query('name');
  if (q !== undefined) return q;
  const h = c.req.header('x-file-name');
  if (h === undefined) return undefined;
  try {
    return decodeURIComponent(h);
  } catch {
    throw new HttpError(400, 'X-File-Name is not valid percent-encoded UTF-8');
  }
}

export function mediaRoutes(overrides: Partial<MediaRouteOptions> = {}): Hono<AppEnv> {
  const opts: MediaRouteOptions = { ...mediaOptionsFromEnv(), ...overrides };
  const app = new Hono<AppEnv>();

  app.post('/projects/:id/media', async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId, ['manager', 'annotator']);
    const storage = storageOf(c);
    const nameParam = uploadName(c);
    const contentType = c.req.header('content-type');
    // Refuse from the declared length before reading a byte; multipart framing gets a small allowance
    // (the file itself is held to maxBytes exactly while streaming).
    const declared = c.req.header('content-length');
    const allowance = contentType && /^\s*multipart\//i.test(contentType) ? MULTIPART_OVERHEAD_BYTES : 0;
    if (declared !== undefined && Number(declared) > opts.maxBytes + allowance) {
      throw new HttpError(413, `${nameParam ?? 'upload'}: ${declared} bytes is larger than the upload limit of ${opts.maxBytes} bytes`, {
        headers: { Connection: 'close' },
      });
    }
    let spooled;
    try {
      const source = await openUploadSource(c.req.raw.body, contentType, nameParam);
      spooled = await spoolUpload(source, { maxBytes: opts.maxBytes, spoolDir: opts.spoolDir ?? path.join(c.get('deps').config.dataDir, 'upload-spool') });
    } catch (e) {
      if (e instanceof UploadError) throw new HttpError(e.status, e.message, e.status === 413 ? { headers: { Connection: 'close' } } : {});
      throw e;
    }
    try {
      const key = mediaKey(projectId, spooled.sha256);
      // Same bytes already stored (content-addressed): nothing to write.
      if (!(await storage.head(key))) {
        await storage.put(key, createReadStream(spooled.file), { contentType: spooled.type.contentType, size: spooled.size });
      }
      const { record, created } = await recordMedia(c.get('deps').db, {
        projectId,
        sha256: spooled.sha256,
        name: spooled.name,
        contentType: spooled.type.contentType,
        format: spooled.type.id,
        size: spooled.size,
        uploadedBy: c.get('user').id,
      });
      return c.json({ ...publicRecord(record), created }, created ? 201 : 200);
    } finally {
      await spooled.dispose();
    }
  });

  app.get('/projects/:id/media', async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId);
    const records = await listMedia(c.get('deps').db, projectId);
    return c.json({ media: records.map(publicRecord) });
  });

  app.get('/projects/:id/media/:key', async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId);
    const sha = checkSha(c.req.param('key'));
    const storage = storageOf(c);
    const record = await findMedia(c.get('deps').db, projectId, sha);
    if (!record) throw new HttpError(404, `no media ${sha} in this project`);

    const etag = `"${sha}"`;
    const common: Record<string, string> = {
      'Cache-Control': 'private, max-age=86400',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
    };
    if (opts.signedUrls && storage.signedUrl) {
      const url = await storage.signedUrl(record.key, opts.signedUrlSeconds, { contentType: record.contentType, fileName: record.name });
      // The URL expires: the redirect itself must not be cached.
      return new Response(null, { status: 302, headers: { Location: url, 'Cache-Control': 'private, no-store' } });
    }
    if (c.req.header('if-none-match')?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      return new Response(null, { status: 304, headers: common });
    }
    const headers: Record<string, string> = {
      ...common,
      'Content-Type': record.contentType,
      'Content-Disposition': inlineDisposition(record.name.slice(record.name.lastIndexOf('/') + 1)),
      'Accept-Ranges': 'bytes',
      // A file opened directly in a tab (an uploaded .json, say) runs nothing and loads nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    };
    // If-Range with another validator: the client's partial copy is stale, send everything.
    const ifRange = c.req.header('if-range');
    const req = ifRange && ifRange !== etag ? { kind: 'whole' as const } : resolveRange(c.req.header('range'), record.size);
    if (req.kind === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${record.size}` } });
    }
    const range = req.kind === 'range' ? req.range : undefined;
    const status = range ? 206 : 200;
    headers['Content-Length'] = String(range ? range.end - range.start + 1 : record.size);
    if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${record.size}`;
    // HEAD: Hono answers it with the GET handler and drops the body, so open no stream at all.
    if (c.req.method === 'HEAD') return new Response(null, { status, headers });
    let object;
    try {
      object = await storage.get(record.key, range);
    } catch (e) {
      if (e instanceof MediaNotFoundError) throw new HttpError(500, `media ${sha} (${record.name}) is recorded but its bytes are missing from the media store`);
      throw e;
    }
    return new Response(Readable.toWeb(object.body) as ReadableStream<Uint8Array>, { status, headers });
  });

  app.delete('/projects/:id/media/:key', async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId, ['manager']);
    const sha = checkSha(c.req.param('key'));
    const storage = storageOf(c);
    const removed = await deleteMedia(c.get('deps').db, projectId, sha);
    if (!removed) throw new HttpError(404, `no media ${sha} in this project`);
    // The key is per project and content-addressed: no other record shares these bytes.
    await storage.delete(removed.key);
    return c.body(null, 204);
  });

  return app;
}
