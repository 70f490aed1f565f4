/**
 * Receiving one upload: the bytes of a raw body or of the one file part of a multipart form are
 * counted (refused past the limit, 413), their first bytes sniffed against the name (415, sniff.ts)
 * and spooled to a temporary file while their SHA-256 is computed. Only a fully received and
 * checked upload reaches the media store, so a refused one leaves nothing stored; the spool file
 * also gives S3's PutObject the Content-Length it needs.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { MultipartError, MultipartReader, multipartBoundary } from './multipart';
import { SNIFF_BYTES, UploadTypeError, checkUploadHead, trailerCheck, type MediaType } from './sniff';

/** A refused upload with its HTTP status; the message names the file or the problem. */
export class UploadError extends Error {
  constructor(readonly status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

export interface SpooledUpload {
  name: string;
  type: MediaType;
  size: number;
  sha256: string;
  /** The temporary file holding the bytes; `dispose()` deletes it. */
  file: string;
  dispose(): Promise<void>;
}

const MAX_NAME_LENGTH = 512;

/**
 * An upload's name is a label (the stored key is its hash), but it is echoed in lists and file
 * names, and scenes refer to media by relative paths like `camera/000001.png`: a relative path
 * of ordinary segments, no control characters.
 */
export function checkUploadName(name: string): string {
  const show = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  const fail = (problem: string): never => {
    throw new UploadError(400, `upload name ${show}: ${problem}`);
  };
  if (name === '') fail('empty');
  if (name.length > MAX_NAME_LENGTH) fail(`longer than ${MAX_NAME_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) fail('contains control characters');
  if (name.includes('\\')) fail('contains "\\" (use "/" between folders)');
  if (name.startsWith('/')) fail('must be a relative name, not an absolute path');
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') fail('has an empty, "." or ".." path segment');
  }
  return name;
}

export interface UploadSource {
  /** As the client sent it (multipart file name, ?name= or X-File-Name). */
  name: string | undefined;
  bytes: AsyncIterable<Uint8Array>;
  /** Stop reading the request body (limit hit or type refused). */
  cancel(): Promise<void>;
  /** After the bytes: anything but the end of the request body is an error (one file per upload). */
  finish(): Promise<void>;
}

/** Bytes allowed for multipart framing (boundaries, part headers, small fields) on top of the file limit. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Picks the file out of a request body. `nameParam`: the ?name= / X-File-Name value, which for a
 * multipart upload overrides the part's file name.
 */
export async function openUploadSource(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  nameParam: string | undefined,
): Promise<UploadSource> {
  if (!body) throw new UploadError(400, 'upload has no body');
  const boundary = multipartBoundary(contentType);
  if (contentType && /^\s*multipart\//i.test(contentType) && !boundary) {
    throw new UploadError(400, 'multipart upload without a valid boundary (send multipart/form-data with one file field)');
  }
  const stream = body as unknown as AsyncIterable<Uint8Array>;
  if (!boundary) {
    const it = stream[Symbol.asyncIterator]();
    const bytes = { [Symbol.asyncIterator]: () => it };
    return { name: nameParam, bytes, cancel: async () => void (await it.return?.()), finish: async () => {} };
  }
  const reader = new MultipartReader(stream, boundary);
  try {
    for (let part = await reader.nextPart(); part; part = await reader.nextPart()) {
      if (part.filename === undefined) continue; // plain form fields are ignored (their size counts toward the overhead allowance)
      return {
        name: nameParam ?? part.filename,
        bytes: part.body,
        cancel: () => reader.cancel(),
        finish: async () => {
          if (await reader.nextPart()) throw new UploadError(400, 'one file per upload: the form has more parts after the file');
        },
      };
    }
  } catch (e) {
    if (e instanceof MultipartError) throw new UploadError(400, e.message);
    throw e;
  }
  throw new UploadError(400, 'multipart upload has no file part (a field with a filename)');
}

function write(out: WriteStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * Reads the source to a spool file in `spoolDir`, enforcing `maxBytes` and the type check.
 * Throws UploadError (nothing left behind) or returns the checked upload.
 */
export async function spoolUpload(source: UploadSource, opts: { maxBytes: number; spoolDir: string }): Promise<SpooledUpload> {
  if (source.name === undefined) {
    await source.cancel();
    throw new UploadError(400, 'upload has no name: send ?name=<file name>, an X-File-Name header, or a multipart file part');
  }
  const name = checkUploadName(source.name);
  const tooBig = () => new UploadError(413, `${name}: larger than the upload limit of ${opts.maxBytes} bytes`);
  await mkdir(opts.spoolDir, { recursive: true });
  const file = path.join(opts.spoolDir, `upload-${randomUUID()}`);
  const dispose = () => rm(file, { force: true });
  const hash = createHash('sha256');
  let out: WriteStream | undefined;
  let size = 0;
  let type: MediaType | undefined;
  let head: Buffer[] = [];
  let headBytes = 0;
  const startSpool = async (complete: boolean) => {
    const whole = Buffer.concat(head);
    type = checkUploadHead(name, whole.subarray(0, SNIFF_BYTES), complete && whole.length <= SNIFF_BYTES);
    out = createWriteStream(file);
    await write(out, whole);
    head = [];
  };
  try {
    try {
      for await (const chunk of source.bytes) {
        size += chunk.length;
        if (size > opts.maxBytes) throw tooBig();
        hash.update(chunk);
        if (out) await write(out, chunk);
        else {
          head.push(Buffer.from(chunk));
          headBytes += chunk.length;
          if (headBytes >= SNIFF_BYTES) await startSpool(false);
        }
      }
    } catch (e) {
      await source.cancel().catch(() => {});
      if (e instanceof MultipartError) throw new UploadError(400, `${name}: ${e.message}`);
      throw e;
    }
    if (!out) await startSpool(true);
    await new Promise<void>((resolve, reject) => out!.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const trailer = trailerCheck(name, type!, size);
    if (trailer) throw new UploadError(trailer.status, trailer.message);
    try {
      await source.finish();
    } catch (e) {
      if (e instanceof MultipartError) throw new UploadError(400, e.message);
      throw e;
    }
    return { name, type: type!, size, sha256: hash.digest('hex'), file, dispose };
  } catch (e) {
    out?.destroy();
    await dispose();
    if (e instanceof UploadTypeError) throw new UploadError(e.status, e.message);
    throw e;
  }
}
