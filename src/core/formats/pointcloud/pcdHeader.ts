/**
 * PCD v0.7 (and older .5) header: ASCII lines up to and including `DATA <encoding>`.
 * See FORMATS.md §5 / PCL doc/tutorials/content/pcd_file_format.rst.
 */
import { readAsciiLine } from './asciiLine';
import { PointCloudFormatError, type PointField, type PointFieldType } from './types';

export type PcdEncoding = 'ascii' | 'binary' | 'binary_compressed';

export interface PcdHeader {
  version: string;
  fields: PointField[];
  width: number;
  height: number;
  /** [tx ty tz qw qx qy qz], the acquisition pose; identity when absent. */
  viewpoint: number[];
  points: number;
  encoding: PcdEncoding;
  /** Byte offset of the first data byte (just after the DATA line's newline). */
  dataOffset: number;
}

const MAX_HEADER_BYTES = 1 << 16;
const KEYS = ['VERSION', 'FIELDS', 'SIZE', 'TYPE', 'COUNT', 'WIDTH', 'HEIGHT', 'VIEWPOINT', 'POINTS', 'DATA'];

/** True when the bytes look like a PCD header (a `#` comment, VERSION or FIELDS line first). */
export function looksLikePcd(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 16));
  return /^(#|VERSION|FIELDS)/.test(head);
}

/** Parse the header; throws PointCloudFormatError naming the file, the line and the problem. */
export function parsePcdHeader(bytes: Uint8Array, fileName: string): PcdHeader {
  const fail = (problem: string): never => {
    throw new PointCloudFormatError(fileName, problem);
  };
  const values = new Map<string, { tokens: string[]; line: number }>();
  let pos = 0;
  let lineNo = 0;
  let dataOffset = -1;
  const limit = Math.min(bytes.length, MAX_HEADER_BYTES);
  while (pos < limit) {
    const read = readAsciiLine(bytes, pos, limit);
    let line = read.line;
    pos = read.next;
    lineNo++;
    line = line.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const [key, ...tokens] = line.split(/\s+/);
    if (!KEYS.includes(key)) fail(`header line ${lineNo}: unknown keyword "${key.slice(0, 40)}"`);
    if (values.has(key)) fail(`header line ${lineNo}: ${key} given twice`);
    values.set(key, { tokens, line: lineNo });
    if (key === 'DATA') {
      dataOffset = Math.min(pos, bytes.length);
      break;
    }
  }
  if (dataOffset < 0) fail('no DATA line in the header (not a PCD file, or header truncated)');

  const need = (key: string) => values.get(key) ?? fail(`header has no ${key} line`);
  const int = (key: string, v: string, line: number) => {
    if (!/^\d+$/.test(v)) fail(`header line ${line}: ${key} "${v}" is not a non-negative integer`);
    return Number(v);
  };

  const fieldsLine = need('FIELDS');
  const names = fieldsLine.tokens;
  if (names.length === 0) fail(`header line ${fieldsLine.line}: FIELDS is empty`);
  const sizeLine = need('SIZE');
  const typeLine = need('TYPE');
  const countLine = values.get('COUNT');
  for (const [key, l] of [['SIZE', sizeLine], ['TYPE', typeLine], ['COUNT', countLine]] as const) {
    if (l && l.tokens.length !== names.length) fail(`header line ${l.line}: ${key} has ${l.tokens.length} entries but FIELDS has ${names.length}`);
  }
  const fields: PointField[] = names.map((name, i) => {
    const size = int('SIZE', sizeLine.tokens[i], sizeLine.line);
    if (![1, 2, 4, 8].includes(size)) fail(`header line ${sizeLine.line}: SIZE ${size} of field "${name}" is not 1, 2, 4 or 8`);
    const type = typeLine.tokens[i];
    if (type !== 'I' && type !== 'U' && type !== 'F') fail(`header line ${typeLine.line}: unknown TYPE "${type}" for field "${name}" (expected I, U or F)`);
    if (type === 'F' && size !== 4 && size !== 8) fail(`header line ${typeLine.line}: field "${name}" is TYPE F with SIZE ${size} (floats are 4 or 8 bytes)`);
    const count = countLine ? int('COUNT', countLine.tokens[i], countLine.line) : 1;
    if (count < 1) fail(`header line ${countLine!.line}: COUNT of field "${name}" is 0`);
    return { name, type: type as PointFieldType, size, count };
  });

  const one = (key: string) => {
    const l = need(key);
    if (l.tokens.length !== 1) fail(`header line ${l.line}: ${key} needs exactly one value`);
    return int(key, l.tokens[0], l.line);
  };
  const width = one('WIDTH');
  const height = values.has('HEIGHT') ? one('HEIGHT') : 1;
  const points = values.has('POINTS') ? one('POINTS') : width * height;
  if (width * height !== points) fail(`header says WIDTH ${width} × HEIGHT ${height} = ${width * height} but POINTS ${points}`);

  const vp = values.get('VIEWPOINT');
  const viewpoint = vp ? vp.tokens.map(Number) : [0, 0, 0, 1, 0, 0, 0];
  if (vp && (viewpoint.length !== 7 || viewpoint.some((v) => !Number.isFinite(v)))) fail(`header line ${vp.line}: VIEWPOINT needs 7 numbers`);

  const data = need('DATA');
  const encoding = data.tokens[0];
  if (encoding !== 'ascii' && encoding !== 'binary' && encoding !== 'binary_compressed' || data.tokens.length !== 1)
    fail(`header line ${data.line}: unknown DATA encoding "${data.tokens.join(' ')}" (expected ascii, binary or binary_compressed)`);
  return { version: values.get('VERSION')?.tokens[0] ?? '', fields, width, height, viewpoint, points, encoding: encoding as PcdEncoding, dataOffset };
}
