/**
 * MediaStore in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, R2, s3rver in the tests) through
 * the AWS SDK v3. Object key = `<prefix>/<key>`. Credentials come from the SDK's standard chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, container/instance roles);
 * nothing here reads or logs them.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import { checkKey, checkPrefix } from './keys';
import {
  MediaNotFoundError,
  checkRange,
  checkSignSeconds,
  type ByteRange,
  type ListedObject,
  type MediaMeta,
  type MediaObject,
  type MediaStore,
  type PutOptions,
  type SignOptions,
} from './mediaStore';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing '/'; '' for none. */
  prefix: string;
  /** Custom endpoint (MinIO, s3rver…); absent → AWS's regional endpoint. */
  endpoint?: string;
  region?: string;
}

const DEFAULT_TYPE = 'application/octet-stream';

const isMissing = (e: unknown): boolean => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
};

/** `bytes 0-9/123` → 123 (the object's full size in a ranged response). */
function totalFromContentRange(contentRange: string | undefined): number | undefined {
  const m = /\/(\d+)\s*$/.exec(contentRange ?? '');
  return m ? Number(m[1]) : undefined;
}

/** "name.png" → `inline; filename="name.png"; filename*=UTF-8''name.png` (RFC 6266, quotes and non-ASCII safe). */
export function inlineDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The endpoint for messages, without any user:password@ it was (unwisely) given. */
function withoutUserinfo(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable endpoint)';
  }
}

export class S3Store implements MediaStore {
  readonly kind = 's3' as const;
  readonly location: string;
  private readonly client: S3Client;

  constructor(private readonly opts: S3StoreOptions) {
    this.location = `s3://${opts.bucket}${opts.prefix ? `/${opts.prefix}` : ''}${opts.endpoint ? ` at ${withoutUserinfo(opts.endpoint)}` : ''}`;
    const config: S3ClientConfig = {};
    if (opts.region) config.region = opts.region;
    if (opts.endpoint) {
      config.endpoint = opts.endpoint;
      // Self-hosted S3 servers rarely have wildcard DNS for bucket.host names.
      config.forcePathStyle = true;
      // The SDK's default (since 3.729) sends aws-chunked bodies with trailing CRC checksums; several
      // S3-compatible servers store those chunk frames as the object (s3rver does: a 200 000-byte
      // stream came back as 200 054 bytes). Checksums only where the API requires them.
      config.requestChecksumCalculation = 'WHEN_REQUIRED';
      config.responseChecksumValidation = 'WHEN_REQUIRED';
    }
    this.client = new S3Client(config);
  }

  private objectKey(key: string): string {
    checkKey(key);
    return this.opts.prefix ? `${this.opts.prefix}/${key}` : key;
  }

  async put(key: string, body: Uint8Array | Readable, opts: PutOptions): Promise<void> {
    const Key = this.objectKey(key);
    if (body instanceof Readable && opts.size === undefined) {
      throw new Error(`media object ${key}: a streamed put to S3 needs its size (PutObject requires Content-Length)`);
    }
    const size = body instanceof Uint8Array ? body.byteLength : opts.size;
    if (opts.size !== undefined && size !== opts.size) {
      throw new Error(`media object ${key}: declared ${opts.size} bytes but the body has ${size}`);
    }
    await this.client.send(new PutObjectCommand({ Bucket: this.opts.bucket, Key, Body: body, ContentLength: size, ContentType: opts.contentType }));
  }

  async head(key: string): Promise<MediaMeta | undefined> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key) }));
      return { size: r.ContentLength ?? 0, contentType: r.ContentType ?? DEFAULT_TYPE, etag: r.ETag, lastModified: r.LastModified };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async get(key: string, range?: ByteRange): Promise<MediaObject> {
    let r;
    try {
      r = await this.client.send(
        new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
    } catch (e) {
      if (isMissing(e)) throw new MediaNotFoundError(key);
      // 416 from S3: the range lies outside the object; say so like the folder store does.
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416 && range) {
        const meta = await this.head(key);
        if (meta) checkRange(key, range, meta.size);
      }
      throw e;
    }
    if (!(r.Body instanceof Readable)) throw new Error(`media object ${key}: the S3 client returned no Node stream`);
    const size = range ? (totalFromContentRange(r.ContentRange) ?? NaN) : (r.ContentLength ?? 0);
    if (range) {
      try {
        // S3 clamps a range that runs past the end; the folder store refuses it, and so do we.
        checkRange(key, range, size);
      } catch (e) {
        r.Body.destroy(); // free the connection
        throw e;
      }
    }
    const meta: MediaMeta = { size, contentType: r.ContentType ?? DEFAULT_TYPE, etag: r.ETag, lastModified: r.LastModified };
    return { body: r.Body, meta, ...(range ? { range } : {}) };
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key) }));
  }

  async list(prefix: string): Promise<ListedObject[]> {
    checkPrefix(prefix);
    const base = this.opts.prefix ? `${this.opts.prefix}/` : '';
    const out: ListedObject[] = [];
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.opts.bucket, Prefix: base + prefix })) {
      for (const o of page.Contents ?? []) {
        if (!o.Key?.startsWith(base)) continue;
        const key = o.Key.slice(base.length);
        // Objects someone else put under the prefix with names outside our key rules cannot be
        // read back through this store, so they are not listed either.
        try {
          checkKey(key);
        } catch {
          continue;
        }
        out.push({ key, size: o.Size ?? 0 });
      }
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async signedUrl(key: string, seconds: number, opts: SignOptions = {}): Promise<string> {
    const cmd = new GetObjectCommand({
      Bucket: this.opts.bucket,
      Key: this.objectKey(key),
      ...(opts.contentType ? { ResponseContentType: opts.contentType } : {}),
      ...(opts.fileName ? { ResponseContentDisposition: inlineDisposition(opts.fileName) } : {}),
    });
    return getSignedUrl(this.client, cmd, { expiresIn: checkSignSeconds(seconds) });
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
