/**
 * MediaStore on the server's disk (the default: `<data>/media`). Objects are plain files at their
 * key's path; each has a sidecar `.meta/<key>.json` holding its content type (the only metadata a
 * file cannot carry). Writes go to `.tmp/` and are renamed into place, so a reader never sees half
 * a file and a failed upload leaves nothing behind. Keys never start a segment with a dot
 * (keys.ts), so `.meta` and `.tmp` cannot collide with objects.
 *
 * Unlike S3, a key cannot be both an object and a "folder" (`a/b` and `a/b/c`); the media routes
 * only write `projects/<id>/media/<sha256>`, which never nests.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkKey, checkPrefix, MediaKeyError } from './keys';
import {
  MediaNotFoundError,
  MediaSizeMismatchError,
  checkRange,
  type ByteRange,
  type ListedObject,
  type MediaMeta,
  type MediaObject,
  type MediaStore,
  type PutOptions,
} from './mediaStore';

const META_DIR = '.meta';
const TMP_DIR = '.tmp';
const DEFAULT_TYPE = 'application/octet-stream';

const isNotFound = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export class FolderStore implements MediaStore {
  readonly kind = 'folder' as const;
  readonly location: string;

  private constructor(private readonly root: string) {
    this.location = root;
  }

  /** Creates the folder (and its bookkeeping folders) when missing. */
  static async open(root: string): Promise<FolderStore> {
    const abs = path.resolve(root);
    await mkdir(path.join(abs, TMP_DIR), { recursive: true });
    await mkdir(path.join(abs, META_DIR), { recursive: true });
    return new FolderStore(abs);
  }

  /** The file for a key; checkKey already refuses `..`, but the resolved path is checked again. */
  private pathOf(key: string, base = this.root): string {
    checkKey(key);
    const p = path.resolve(base, ...key.split('/'));
    if (!p.startsWith(base + path.sep)) throw new MediaKeyError(key, 'resolves outside the media folder');
    return p;
  }

  private metaPathOf(key: string): string {
    return `${this.pathOf(key, path.join(this.root, META_DIR))}.json`;
  }

  async put(key: string, body: Uint8Array | Readable, opts: PutOptions): Promise<void> {
    const file = this.pathOf(key);
    const tmp = path.join(this.root, TMP_DIR, randomUUID());
    const metaTmp = `${tmp}.meta`;
    let written = 0;
    try {
      if (body instanceof Uint8Array) {
        await writeFile(tmp, body);
        written = body.byteLength;
      } else {
        const counter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            written += chunk.length;
            done(null, chunk);
          },
        });
        await pipeline(body, counter, createWriteStream(tmp));
      }
      if (opts.size !== undefined && opts.size !== written) throw new MediaSizeMismatchError(key, opts.size, written);
      await writeFile(metaTmp, JSON.stringify({ contentType: opts.contentType }));
      const metaFile = this.metaPathOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      await mkdir(path.dirname(metaFile), { recursive: true });
      // Meta first: an object file without its sidecar still reads (as octet-stream); the reverse would not.
      await rename(metaTmp, metaFile);
      await rename(tmp, file);
    } finally {
      await rm(tmp, { force: true });
      await rm(metaTmp, { force: true });
    }
  }

  async head(key: string): Promise<MediaMeta | undefined> {
    const file = this.pathOf(key);
    let st;
    try {
      st = await stat(file);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
    if (!st.isFile()) return undefined;
    let contentType = DEFAULT_TYPE;
    try {
      const meta = JSON.parse(await readFile(this.metaPathOf(key), 'utf8')) as { contentType?: unknown };
      if (typeof meta.contentType === 'string') contentType = meta.contentType;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return { size: st.size, contentType, etag: `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`, lastModified: st.mtime };
  }

  async get(key: string, range?: ByteRange): Promise<MediaObject> {
    const meta = await this.head(key);
    if (!meta) throw new MediaNotFoundError(key);
    if (range) checkRange(key, range, meta.size);
    const body = createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
    return { body, meta, ...(range ? { range } : {}) };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    await rm(this.metaPathOf(key), { force: true });
    await this.pruneEmpty(path.dirname(file), this.root);
    await this.pruneEmpty(path.dirname(this.metaPathOf(key)), path.join(this.root, META_DIR));
  }

  /** Removes now-empty folders from `dir` up to (not including) `stop`, like S3 has no empty prefixes. */
  private async pruneEmpty(dir: string, stop: string): Promise<void> {
    for (let d = dir; d.startsWith(stop + path.sep); d = path.dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        return; // not empty (or gone): stop climbing
      }
    }
  }

  async list(prefix: string): Promise<ListedObject[]> {
    checkPrefix(prefix);
    const cut = prefix.lastIndexOf('/');
    const dirKey = cut < 0 ? '' : prefix.slice(0, cut);
    const out: ListedObject[] = [];
    const walk = async (dir: string, keyBase: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue; // bookkeeping (.meta, .tmp): never an object
        const key = keyBase ? `${keyBase}/${entry.name}` : entry.name;
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(p, key);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          out.push({ key, size: (await stat(p)).size });
        }
      }
    };
    await walk(dirKey ? this.pathOf(dirKey) : this.root, dirKey);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async close(): Promise<void> {}
}
