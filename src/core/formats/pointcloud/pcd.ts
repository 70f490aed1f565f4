/**
 * PCD v0.7 reader: ascii, binary (AoS, little-endian) and binary_compressed (LZF, field-major).
 * Every header lie (too few bytes, wrong decompressed size, bad LZF) is a PointCloudFormatError.
 */
import { layoutFields, readAos } from './aos';
import { assemble, checkXyz } from './assemble';
import { decompressLzf, LzfError } from './lzf';
import { parsePcdHeader, type PcdHeader } from './pcdHeader';
import { arrayTypeFor, PointCloudFormatError, type PointAttributeArray, type PointCloud, type ReadOptions } from './types';

/** Read a PCD file (any of its three encodings). */
export function readPcd(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): PointCloud {
  const header = parsePcdHeader(bytes, fileName);
  checkXyz(fileName, header.fields);
  const base = { fileName, format: 'pcd' as const, encoding: header.encoding, fields: header.fields, count: header.points };
  if (header.encoding === 'binary') return assemble({ ...base, ...readBinary(bytes, header, fileName, opts) });
  if (header.encoding === 'binary_compressed') return assemble({ ...base, arrays: readCompressed(bytes, header, fileName) });
  return assemble({ ...base, arrays: readAscii(bytes, header, fileName) });
}

function readBinary(bytes: Uint8Array, h: PcdHeader, fileName: string, opts: ReadOptions) {
  const { layouts, stride } = layoutFields(h.fields);
  const need = h.points * stride;
  const have = bytes.length - h.dataOffset;
  if (have < need)
    throw new PointCloudFormatError(fileName, `truncated binary data: POINTS ${h.points} × ${stride} bytes per point needs ${need} bytes, file has ${have}`);
  return readAos(bytes, h.dataOffset, h.points, layouts, stride, true, true, opts.consumeInput);
}

function readCompressed(bytes: Uint8Array, h: PcdHeader, fileName: string): Map<string, PointAttributeArray> {
  const { layouts, stride } = layoutFields(h.fields);
  const o = h.dataOffset;
  if (bytes.length < o + 8) throw new PointCloudFormatError(fileName, 'truncated binary_compressed data: missing the 8-byte size prefix');
  const dv = new DataView(bytes.buffer, bytes.byteOffset + o, 8);
  const compressedSize = dv.getUint32(0, true);
  const decompressedSize = dv.getUint32(4, true);
  const expected = h.points * stride;
  if (decompressedSize !== expected)
    throw new PointCloudFormatError(fileName, `binary_compressed declares ${decompressedSize} decompressed bytes, POINTS ${h.points} × ${stride} bytes per point needs ${expected}`);
  if (o + 8 + compressedSize > bytes.length)
    throw new PointCloudFormatError(fileName, `truncated binary_compressed data: ${compressedSize} compressed bytes declared, ${bytes.length - o - 8} present`);
  let raw: Uint8Array;
  try {
    raw = decompressLzf(bytes.subarray(o + 8, o + 8 + compressedSize), decompressedSize);
  } catch (e) {
    if (e instanceof LzfError) throw new PointCloudFormatError(fileName, `corrupt LZF data: ${e.message}`);
    throw e;
  }
  // Field-major: field f occupies [points·offset_f, points·(offset_f + size_f·count_f)).
  const arrays = new Map<string, PointAttributeArray>();
  for (const l of layouts) {
    if (l.name === '_') continue;
    const Ctor = arrayTypeFor(l.type, l.size)!;
    const start = h.points * l.offset;
    const len = h.points * l.count;
    // A view when aligned (zero copy; fields share the decompressed buffer), else an aligned copy.
    const arr = start % l.size === 0 ? new (Ctor as unknown as new (b: ArrayBufferLike, o: number, n: number) => PointAttributeArray)(raw.buffer, start, len) : copyAligned(raw, start, len, l.size, Ctor);
    arrays.set(l.name, arr);
  }
  return arrays;
}

function copyAligned(raw: Uint8Array, start: number, len: number, size: number, Ctor: new (n: number) => PointAttributeArray): PointAttributeArray {
  const out = new Ctor(len);
  new Uint8Array(out.buffer).set(raw.subarray(start, start + len * size));
  return out;
}

const NUMERIC = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|nan|inf|infinity)$/i;

function readAscii(bytes: Uint8Array, h: PcdHeader, fileName: string): Map<string, PointAttributeArray> {
  const n = h.points;
  const perLine = h.fields.reduce((s, f) => s + f.count, 0);
  const text = new TextDecoder('latin1').decode(bytes.subarray(h.dataOffset));
  const headerLines = countLines(bytes, h.dataOffset);
  // The arrays are sized from the header (POINTS × COUNT), so size them only once the data can fill
  // them: fewer data lines than POINTS, or fewer characters than POINTS lines of COUNT values need
  // (each value ≥ 1 character and a separator), means the scan below must fail — run it without
  // arrays to get its exact message. (Found by fuzzing: `COUNT … 4294967295` or POINTS 2^31 on a small
  // file allocated gigabytes, or threw RangeError: Invalid typed array length, before any line was read.)
  if (countDataLines(text) < n || 2 * n * perLine - 1 > text.length) {
    scanAscii(text, h, fileName, headerLines, null);
    throw new PointCloudFormatError(fileName, `ascii data too short for POINTS ${n} × ${perLine} values`);
  }
  const arrays = h.fields.map((f) => new (arrayTypeFor(f.type, f.size)!)(n * f.count));
  scanAscii(text, h, fileName, headerLines, arrays);
  const map = new Map<string, PointAttributeArray>();
  h.fields.forEach((f, i) => f.name !== '_' && map.set(f.name, arrays[i]));
  return map;
}

/** Lines of `text` that are not blank (what scanAscii counts as data lines). */
function countDataLines(text: string): number {
  let lines = 0;
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    if (text.slice(pos, end).trim() !== '') lines++;
    pos = end + 1;
  }
  return lines;
}

/** Parse and check every data line; store the values into `arrays` (null: check only). */
function scanAscii(text: string, h: PcdHeader, fileName: string, headerLines: number, arrays: PointAttributeArray[] | null): void {
  const n = h.points;
  const perLine = h.fields.reduce((s, f) => s + f.count, 0);
  let pos = 0;
  let lineNo = headerLines;
  let p = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    lineNo++;
    if (line === '') continue;
    if (p >= n) throw new PointCloudFormatError(fileName, `line ${lineNo}: more data lines than POINTS ${n}`);
    const tokens = line.split(/\s+/);
    if (tokens.length !== perLine) throw new PointCloudFormatError(fileName, `line ${lineNo}: ${tokens.length} values, expected ${perLine} (${h.fields.map((f) => f.name).join(' ')})`);
    let t = 0;
    for (let f = 0; f < h.fields.length; f++) {
      const field = h.fields[f];
      const arr = arrays?.[f];
      for (let e = 0; e < field.count; e++, t++) {
        const tok = tokens[t];
        if (!NUMERIC.test(tok)) throw new PointCloudFormatError(fileName, `line ${lineNo}: "${tok.slice(0, 40)}" is not a number (field "${field.name}")`);
        if (field.type !== 'F' && !(field.type === 'I' ? /^[+-]?\d+$/ : /^\+?\d+$/).test(tok))
          throw new PointCloudFormatError(fileName, `line ${lineNo}: "${tok.slice(0, 40)}" is not ${field.type === 'U' ? 'an unsigned' : 'an'} integer (field "${field.name}" is TYPE ${field.type})`);
        const idx = p * field.count + e;
        if (!arr) continue;
        if (arr instanceof BigInt64Array || arr instanceof BigUint64Array) arr[idx] = BigInt(tok);
        else arr[idx] = parseNumber(tok);
      }
    }
    p++;
  }
  if (p < n) throw new PointCloudFormatError(fileName, `truncated ascii data: POINTS ${n} but only ${p} data lines`);
}

/** Number() plus the C spellings PCL writes: nan, inf, -inf. */
function parseNumber(tok: string): number {
  const v = Number(tok);
  if (v === v) return v;
  const c = tok.charCodeAt(0);
  const neg = c === 45; // '-'
  const body = (c === 43 || neg ? tok.slice(1) : tok).toLowerCase();
  if (body === 'nan') return NaN;
  return neg ? -Infinity : Infinity; // inf / infinity (NUMERIC admitted nothing else)
}

function countLines(bytes: Uint8Array, end: number): number {
  let c = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 10) c++;
  return c;
}
