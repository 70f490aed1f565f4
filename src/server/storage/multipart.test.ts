/**
 * The streaming multipart reader on bodies serialised by undici's FormData (what Node's fetch and,
 * byte for byte the same format, browsers send) cut into chunks of every awkward size, and on
 * hand-written bodies for the edge cases of RFC 2046 §5.1.1 (preamble, transport padding, epilogue).
 */
import { describe, expect, it } from 'vitest';
import { MultipartError, MultipartReader, headerParams, multipartBoundary } from './multipart';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function serialise(fd: FormData): Promise<{ body: Uint8Array; boundary: string }> {
  const req = new Request('http://127.0.0.1/', { method: 'POST', body: fd });
  const boundary = multipartBoundary(req.headers.get('content-type') ?? undefined);
  if (!boundary) throw new Error('no boundary');
  return { body: new Uint8Array(await req.arrayBuffer()), boundary };
}

async function readParts(source: AsyncIterable<Uint8Array>, boundary: string) {
  const reader = new MultipartReader(source, boundary);
  const parts: { name?: string; filename?: string; contentType?: string; data: Buffer }[] = [];
  for (let p = await reader.nextPart(); p; p = await reader.nextPart()) {
    const chunks: Buffer[] = [];
    for await (const c of p.body) chunks.push(Buffer.from(c));
    parts.push({ name: p.name, filename: p.filename, contentType: p.contentType, data: Buffer.concat(chunks) });
  }
  return parts;
}

/** Bytes that contain CRLF, dashes and a near-copy of the delimiter, to tempt a naive parser. */
function tricky(boundary: string): Buffer {
  const parts = [Buffer.from(`\r\n--${boundary.slice(0, -1)}X\r\n`), Buffer.from('\r\n\r\n--'), Buffer.alloc(3000, 0x2d), Buffer.from([0, 13, 10, 255])];
  return Buffer.concat([...parts, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256))]);
}

describe('MultipartReader', () => {
  it.each([1, 2, 7, 64, 1000, 1 << 20])('reads fields and files from an undici FormData body in %i-byte chunks', async (size) => {
    const probe = await serialise(new FormData());
    const fileBytes = tricky(probe.boundary);
    const fd = new FormData();
    fd.append('note', 'hello, world');
    fd.append('file', new Blob([new Uint8Array(fileBytes)], { type: 'image/png' }), 'camera/ä "1".png');
    const { body, boundary } = await serialise(fd);
    const parts = await readParts(chunked(body, size), boundary);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ['note', undefined],
      ['file', 'camera/ä %221%22.png'], // the HTML form encoding escapes quotes as %22
    ]);
    expect(parts[0].data.toString()).toBe('hello, world');
    expect(parts[1].contentType).toBe('image/png');
    expect(parts[1].data.equals(fileBytes)).toBe(true);
  });

  it('handles a preamble, transport padding, a part without headers, and an epilogue', async () => {
    const b = 'XyZ';
    const text = ['preamble to ignore', `--${b}  \t`, 'Content-Disposition: form-data; name="a"', '', 'one', `--${b}`, '', 'no headers', `--${b}--`, 'epilogue'].join('\r\n');
    const parts = await readParts(chunked(Buffer.from(text), 3), b);
    expect(parts.map((p) => [p.name, p.data.toString()])).toEqual([
      ['a', 'one'],
      [undefined, 'no headers'],
    ]);
  });

  it('reports a body cut off inside a part, inside headers, or without any boundary', async () => {
    const b = 'bnd';
    const cut = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="f"; filename="x.png"\r\n\r\npartial data`);
    await expect(readParts(chunked(cut, 5), b)).rejects.toThrow(new MultipartError('multipart body ended inside a part (truncated upload?)'));
    const inHeaders = Buffer.from(`--${b}\r\nContent-Disposition: form-da`);
    await expect(readParts(chunked(inHeaders, 5), b)).rejects.toThrow(/ended inside part headers/);
    await expect(readParts(chunked(Buffer.from('no boundary at all'), 4), b)).rejects.toThrow(/no boundary found/);
    await expect(readParts(chunked(Buffer.from(`--${b}junk\r\n`), 4), b)).rejects.toThrow(/no line break after a boundary/);
  });

  it('drains a part the caller did not read before giving the next one', async () => {
    const fd = new FormData();
    fd.append('skipped', new Blob([Buffer.alloc(10_000, 1)]), 'a.bin');
    fd.append('kept', 'yes');
    const { body, boundary } = await serialise(fd);
    const reader = new MultipartReader(chunked(body, 100), boundary);
    expect((await reader.nextPart())?.name).toBe('skipped');
    const second = await reader.nextPart();
    expect(second?.name).toBe('kept');
    const chunks: Uint8Array[] = [];
    for await (const c of second!.body) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe('yes');
    expect(await reader.nextPart()).toBeUndefined();
  });
});

describe('header parsing', () => {
  it('reads the boundary from a Content-Type, quoted or not', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('application/octet-stream')).toBeUndefined();
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
    expect(multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeUndefined();
  });
  it('reads quoted parameters with escapes, and filename* (RFC 8187) over filename', () => {
    const p = headerParams(`form-data; name="file"; filename="a \\"b\\".png"; filename*=UTF-8''%C3%A4.png`);
    expect(p.get('name')).toBe('file');
    expect(p.get('filename')).toBe('ä.png');
    expect(headerParams('form-data; name=plain; filename="x; y.png"').get('filename')).toBe('x; y.png');
  });
});
