/**
 * `openStorage(MEDIA_URL, dataDir)`: the media store the server was configured with.
 *   undefined / ''          → a folder at <dataDir>/media
 *   file:///absolute/path   → a folder there
 *   s3://bucket[/prefix]    → S3 (endpoint from S3_ENDPOINT or AWS_ENDPOINT_URL_S3, path-style
 *                             when one is set; region from AWS_REGION / AWS_DEFAULT_REGION, else
 *                             us-east-1 for a custom endpoint; credentials: the SDK's own chain)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FolderStore } from './folderStore';
import { MediaKeyError, checkPrefix } from './keys';
import type { MediaStore } from './mediaStore';
import { S3Store, type S3StoreOptions } from './s3Store';

/** Bucket naming rules (AWS general-purpose buckets); a typo fails here, not at the first upload. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export type StorageEnv = Record<string, string | undefined>;

/** Parses `s3://bucket/prefix`; throws naming MEDIA_URL and the problem. */
export function parseS3Url(url: string, env: StorageEnv = process.env): S3StoreOptions {
  // Never echo credentials: they belong to the SDK's credential chain, not the URL (which gets logged).
  if (/^s3:\/\/[^/?#]*@/.test(url)) {
    throw new Error('MEDIA_URL: s3:// URLs take no credentials (user:secret@); use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE or an instance role');
  }
  const m = /^s3:\/\/([^/?#]*)(?:\/([^?#]*))?$/.exec(url);
  if (!m) throw new Error(`MEDIA_URL ${url}: expected s3://bucket or s3://bucket/prefix (no query, fragment or credentials)`);
  const [, bucket, rawPrefix = ''] = m;
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new Error(`MEDIA_URL ${url}: "${bucket}" is not a valid bucket name (3–63 characters: lower-case letters, digits, "." and "-")`);
  }
  const prefix = rawPrefix.replace(/^\/+|\/+$/g, '');
  try {
    if (prefix) checkPrefix(prefix);
  } catch (e) {
    throw new Error(`MEDIA_URL ${url}: prefix ${(e as MediaKeyError).message}`);
  }
  const endpoint = env.S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint ? 'us-east-1' : undefined);
  return { bucket, prefix, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) };
}

export async function openStorage(url: string | undefined, dataDir: string, env: StorageEnv = process.env): Promise<MediaStore> {
  if (!url) return FolderStore.open(path.join(dataDir, 'media'));
  if (url.startsWith('file://')) return FolderStore.open(fileURLToPath(url));
  if (url.startsWith('s3://')) return new S3Store(parseS3Url(url, env));
  throw new Error(`MEDIA_URL ${url}: unsupported; use s3://bucket/prefix, file:///absolute/folder, or leave it unset for <data>/media`);
}
