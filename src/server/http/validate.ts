/** Request bodies and parameters: JSON checked with zod, errors that name the field. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from './context';

/** Largest JSON body the account, project and task routes read (a big taxonomy fits). */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

/**
 * The JSON body parsed by `schema`: 415 when it is not JSON, 413 when larger than `maxBytes`
 * (refused from Content-Length, else while reading, before it is all buffered), 400 naming the
 * first bad fields.
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, `the request body must be JSON (Content-Type: application/json), not "${type || 'none'}"`);
  const text = await readText(c, maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `the request body is not valid JSON: ${(e as Error).message}`);
  }
  return parseWith(schema, raw, 'body');
}

async function readText(c: Context, maxBytes: number): Promise<string> {
  const tooLarge = () => new HttpError(413, `the request body is larger than ${maxBytes} bytes`);
  const declared = Number(c.req.header('content-length'));
  if (declared > maxBytes) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `value` parsed by `schema`; 400 naming `where` and the first bad fields. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 5).map((i) => `${[where, ...i.path.map(String)].join('.')}: ${i.message}`);
  throw new HttpError(400, issues.join('; '));
}
