/**
 * Where uploaded media bytes live: a folder on the server's disk or an S3-compatible bucket. Both
 * implement one interface so routes, the CLI and tests do not care which; keys are checked by
 * `checkKey` (keys.ts) before either store touches them.
 */
import type { Readable } from 'node:stream';

/** What a store knows about one object. `size` in bytes. */
export interface MediaMeta {
  size: number;
  contentType: string;
  /** Opaque version tag from the store (S3 ETag, folder mtime+size); not a content hash. */
  etag?: string;
  lastModified?: Date;
}

/** An inclusive byte range, already resolved against the object's size (see range.ts). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface MediaObject {
  /** The bytes: the whole object, or only `range` when one was asked for. The caller must consume or destroy it. */
  body: Readable;
  meta: MediaMeta;
  range?: ByteRange;
}

export interface PutOptions {
  contentType: string;
  /** Bytes in `body`. Required for a stream on S3 (PutObject needs a Content-Length); checked by the folder store. */
  size?: number;
}

export interface ListedObject {
  key: string;
  size: number;
}

export interface SignOptions {
  /** Content-Type the signed response carries (S3 response-content-type). */
  contentType?: string;
  /** File name for Content-Disposition: inline. */
  fileName?: string;
}

export interface MediaStore {
  readonly kind: 'folder' | 's3';
  /** Human-readable location for logs and errors (a path or s3://bucket/prefix); no secrets. */
  readonly location: string;
  put(key: string, body: Uint8Array | Readable, opts: PutOptions): Promise<void>;
  /** Throws MediaNotFoundError when there is no such object. */
  get(key: string, range?: ByteRange): Promise<MediaObject>;
  /** undefined when there is no such object. */
  head(key: string): Promise<MediaMeta | undefined>;
  /** Deleting a missing object is not an error (S3 semantics). */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix` ('' = all), sorted by key. */
  list(prefix: string): Promise<ListedObject[]>;
  /** A URL that GETs the object without the server for `seconds`; only stores that can sign have it. */
  signedUrl?(key: string, seconds: number, opts?: SignOptions): Promise<string>;
  /** Release connections (S3 client sockets). */
  close(): Promise<void>;
}

export class MediaNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`media object ${key} not found`);
    this.name = 'MediaNotFoundError';
  }
}

/** A put whose byte count disagrees with the declared size: nothing is kept. */
export class MediaSizeMismatchError extends Error {
  constructor(readonly key: string, readonly declared: number, readonly actual: number) {
    super(`media object ${key}: declared ${declared} bytes but the body had ${actual}`);
    this.name = 'MediaSizeMismatchError';
  }
}

/** Longest signed-URL lifetime: SigV4 presigned URLs are valid for at most 7 days. */
export const MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600;

export function checkSignSeconds(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SIGNED_URL_SECONDS) {
    throw new RangeError(`signed URL lifetime ${seconds} s: must be a whole number of seconds from 1 to ${MAX_SIGNED_URL_SECONDS} (7 days)`);
  }
  return seconds;
}

/** A resolved range must lie inside the object (range.ts resolves Range headers against the size). */
export function checkRange(key: string, range: ByteRange, size: number): void {
  if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end < range.start || range.end >= size) {
    throw new RangeError(`media object ${key}: byte range ${range.start}-${range.end} is outside its ${size} bytes`);
  }
}
