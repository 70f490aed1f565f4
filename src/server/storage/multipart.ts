/**
 * A streaming multipart/form-data reader (RFC 7578): parts come out one at a time and a part's
 * body is yielded as it arrives, so an upload is size-checked and type-sniffed while streaming
 * instead of being buffered whole (what Request.formData() would do). Only what uploads need:
 * Content-Disposition name/filename and Content-Type per part.
 */

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface MultipartPart {
  /** The form field name. */
  name?: string;
  /** The file name the client sent (browsers send the base name, UTF-8). */
  filename?: string;
  contentType?: string;
  /** The part's bytes; consume (or let nextPart drain) before asking for the next part. */
  body: AsyncGenerator<Uint8Array, void, undefined>;
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PREAMBLE_BYTES = 16 * 1024;

/** The boundary of a multipart/form-data Content-Type, or undefined when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return undefined;
  // RFC 2046: 1–70 characters; a longer one is refused, not truncated.
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Parameters of a header value like `form-data; name="file"; filename="a.png"` (quoted-string escapes, filename*). */
export function headerParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const key = m[1].toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    if (key.endsWith('*')) {
      // RFC 8187 ext-value: charset'lang'percent-encoded
      const ext = /^([^']*)'[^']*'(.*)$/.exec(v);
      if (!ext) continue;
      try {
        v = decodeURIComponent(ext[2]);
      } catch {
        continue;
      }
      params.set(key.slice(0, -1), v); // filename* wins over filename
      continue;
    }
    if (!params.has(key)) params.set(key, v);
  }
  return params;
}

export class MultipartReader {
  private buf = Buffer.alloc(0);
  private exhausted = false;
  private finished = false;
  private started = false;
  /** A part's body has started but its closing delimiter has not been read yet. */
  private partOpen = false;
  private current: AsyncGenerator<Uint8Array, void, undefined> | undefined;
  private readonly it: AsyncIterator<Uint8Array>;
  private readonly dash: Buffer;
  private readonly delimiter: Buffer;

  constructor(source: AsyncIterable<Uint8Array>, boundary: string) {
    this.it = source[Symbol.asyncIterator]();
    this.dash = Buffer.from(`--${boundary}`);
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  private async more(): Promise<boolean> {
    if (this.exhausted) return false;
    const r = await this.it.next();
    if (r.done) {
      this.exhausted = true;
      return false;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, r.value]) : Buffer.from(r.value);
    return true;
  }

  private async need(n: number): Promise<void> {
    while (this.buf.length < n) if (!(await this.more())) throw new MultipartError('multipart body ended early (truncated upload?)');
  }

  /** Stops reading the source (the request body), e.g. after a size limit was hit. */
  async cancel(): Promise<void> {
    this.finished = true;
    await this.it.return?.();
  }

  /** After a boundary: `--` closes the body, otherwise CRLF starts a part. True when a part follows. */
  private async afterBoundary(): Promise<boolean> {
    await this.need(2);
    if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
      this.finished = true;
      return false;
    }
    // Transport padding (linear whitespace) may precede the CRLF.
    let i = 0;
    for (;;) {
      await this.need(i + 2);
      if (this.buf[i] === 0x20 || this.buf[i] === 0x09) {
        i++;
        if (i > 256) throw new MultipartError('malformed multipart body: junk after a boundary');
        continue;
      }
      if (this.buf[i] !== 0x0d || this.buf[i + 1] !== 0x0a) throw new MultipartError('malformed multipart body: no line break after a boundary');
      this.buf = this.buf.subarray(i + 2);
      return true;
    }
  }

  /** The next part, or undefined after the closing boundary. */
  async nextPart(): Promise<MultipartPart | undefined> {
    if (this.current) {
      for await (const _ of this.current); // drain an unread body
      this.current = undefined;
      // A body abandoned half way (its generator returned early) leaves the reader mid-part.
      if (this.partOpen) throw new MultipartError('multipart: the previous part was not read to its end');
    }
    if (this.finished) return undefined;
    if (!this.started) {
      this.started = true;
      // The first boundary has no CRLF before it when there is no preamble.
      for (;;) {
        const i = this.buf.indexOf(this.dash);
        if (i === 0 || (i > 1 && this.buf[i - 2] === 0x0d && this.buf[i - 1] === 0x0a)) {
          this.buf = this.buf.subarray(i + this.dash.length);
          break;
        }
        if (this.buf.length > MAX_PREAMBLE_BYTES) throw new MultipartError('malformed multipart body: no boundary found');
        if (!(await this.more())) throw new MultipartError('malformed multipart body: no boundary found');
      }
      if (!(await this.afterBoundary())) return undefined;
    }
    const headers = await this.readHeaders();
    const disposition = headerParams(headers.get('content-disposition') ?? '');
    this.partOpen = true;
    this.current = this.body();
    return {
      name: disposition.get('name'),
      filename: disposition.get('filename'),
      contentType: headers.get('content-type'),
      body: this.current,
    };
  }

  private async readHeaders(): Promise<Map<string, string>> {
    const headers = new Map<string, string>();
    await this.need(2);
    if (this.buf[0] === 0x0d && this.buf[1] === 0x0a) {
      this.buf = this.buf.subarray(2); // a part with no headers
      return headers;
    }
    let end = this.buf.indexOf('\r\n\r\n');
    while (end < 0) {
      if (this.buf.length > MAX_HEADER_BYTES) throw new MultipartError(`malformed multipart body: part headers longer than ${MAX_HEADER_BYTES} bytes`);
      if (!(await this.more())) throw new MultipartError('multipart body ended inside part headers (truncated upload?)');
      end = this.buf.indexOf('\r\n\r\n');
    }
    // UTF-8: browsers and undici send non-ASCII file names as raw UTF-8 (HTML's form encoding).
    const text = this.buf.subarray(0, end).toString('utf8');
    this.buf = this.buf.subarray(end + 4);
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new MultipartError(`malformed multipart part header: ${JSON.stringify(line.slice(0, 80))}`);
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    return headers;
  }

  private async *body(): AsyncGenerator<Uint8Array, void, undefined> {
    const d = this.delimiter;
    for (;;) {
      const i = this.buf.indexOf(d);
      if (i >= 0) {
        const chunk = this.buf.subarray(0, i);
        this.buf = this.buf.subarray(i + d.length);
        if (chunk.length) yield chunk;
        this.partOpen = false;
        await this.afterBoundary();
        return;
      }
      // Everything except a tail that could be the start of the delimiter is body.
      const safe = this.buf.length - (d.length - 1);
      if (safe > 0) {
        const chunk = this.buf.subarray(0, safe);
        this.buf = this.buf.subarray(safe);
        yield chunk;
      }
      if (!(await this.more())) throw new MultipartError('multipart body ended inside a part (truncated upload?)');
    }
  }
}
