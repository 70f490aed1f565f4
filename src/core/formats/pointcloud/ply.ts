/**
 * PLY reader (ascii 1.0, binary_little_endian 1.0, binary_big_endian 1.0): reads the `vertex`
 * element as a point cloud; elements before it (e.g. faces written first) are skipped record by
 * record, elements after it are ignored. `red green blue` (uchar) become one `rgb` Uint8Array.
 */
import { readAsciiLine } from './asciiLine';
import { getter, layoutFields, readAos } from './aos';
import { assemble, checkXyz } from './assemble';
import { arrayTypeFor, PointCloudFormatError, type PointAttributeArray, type PointCloud, type PointField, type PointFieldType, type ReadOptions } from './types';

const TYPES: Record<string, [PointFieldType, number]> = {
  char: ['I', 1], int8: ['I', 1], uchar: ['U', 1], uint8: ['U', 1],
  short: ['I', 2], int16: ['I', 2], ushort: ['U', 2], uint16: ['U', 2],
  int: ['I', 4], int32: ['I', 4], uint: ['U', 4], uint32: ['U', 4],
  float: ['F', 4], float32: ['F', 4], double: ['F', 8], float64: ['F', 8],
};

interface PlyProperty {
  name: string;
  type: PointFieldType;
  size: number;
  /** For `property list <countType> <itemType> name`. */
  list?: { countType: PointFieldType; countSize: number };
}
interface PlyElement {
  name: string;
  count: number;
  props: PlyProperty[];
}

export function looksLikePly(bytes: Uint8Array): boolean {
  return bytes[0] === 0x70 && bytes[1] === 0x6c && bytes[2] === 0x79 && (bytes[3] === 10 || bytes[3] === 13);
}

function parseHeader(bytes: Uint8Array, fileName: string) {
  const fail = (p: string): never => {
    throw new PointCloudFormatError(fileName, p);
  };
  if (!looksLikePly(bytes)) fail('not a PLY file: it does not start with "ply"');
  const elements: PlyElement[] = [];
  let format = '';
  let pos = 0;
  let lineNo = 0;
  const limit = Math.min(bytes.length, 1 << 16);
  for (;;) {
    if (pos >= limit) fail('no end_header line (header truncated)');
    const read = readAsciiLine(bytes, pos, limit);
    const line = read.line;
    pos = read.next;
    lineNo++;
    const t = line.trim().split(/\s+/);
    const type = (name: string): [PointFieldType, number] => TYPES[name] ?? fail(`header line ${lineNo}: unknown property type "${name.slice(0, 40)}"`);
    if (lineNo === 1 || t[0] === 'comment' || t[0] === 'obj_info' || t[0] === '') continue;
    if (t[0] === 'end_header') break;
    if (t[0] === 'format') {
      format = t[1];
      if (!['ascii', 'binary_little_endian', 'binary_big_endian'].includes(format)) fail(`header line ${lineNo}: unknown format "${format}"`);
    } else if (t[0] === 'element') {
      if (t.length !== 3 || !/^\d+$/.test(t[2])) fail(`header line ${lineNo}: expected "element <name> <count>"`);
      elements.push({ name: t[1], count: Number(t[2]), props: [] });
    } else if (t[0] === 'property') {
      const el = elements[elements.length - 1] ?? fail(`header line ${lineNo}: property before any element`);
      if (t[1] === 'list') {
        if (t.length !== 5) fail(`header line ${lineNo}: expected "property list <count type> <item type> <name>"`);
        const [ct, cs] = type(t[2]);
        const [it, is] = type(t[3]);
        el.props.push({ name: t[4], type: it, size: is, list: { countType: ct, countSize: cs } });
      } else {
        if (t.length !== 3) fail(`header line ${lineNo}: expected "property <type> <name>"`);
        const [ty, sz] = type(t[1]);
        el.props.push({ name: t[2], type: ty, size: sz });
      }
    } else fail(`header line ${lineNo}: unknown keyword "${t[0].slice(0, 40)}"`);
  }
  if (!format) fail('header has no format line');
  return { format, elements, dataOffset: pos, headerLines: lineNo };
}

/** Read the vertex element of a PLY file. */
export function readPly(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): PointCloud {
  const { format, elements, dataOffset, headerLines } = parseHeader(bytes, fileName);
  const vi = elements.findIndex((e) => e.name === 'vertex');
  if (vi < 0) throw new PointCloudFormatError(fileName, 'no "element vertex" in the header');
  const vertex = elements[vi];
  if (vertex.props.some((p) => p.list)) throw new PointCloudFormatError(fileName, 'list properties in the vertex element are not supported');
  const fields: PointField[] = vertex.props.map((p) => ({ name: p.name, type: p.type, size: p.size, count: 1 }));
  checkXyz(fileName, fields);
  const n = vertex.count;
  let arrays: Map<string, PointAttributeArray>;
  let positions: Float32Array | undefined;
  let positionStride: number | undefined;
  if (format === 'ascii') {
    arrays = readAsciiVertices(bytes, dataOffset, headerLines, elements, vi, fields, fileName);
  } else {
    const le = format === 'binary_little_endian';
    let pos = dataOffset;
    for (let e = 0; e < vi; e++) pos = skipBinaryElement(bytes, pos, elements[e], le, fileName);
    const { layouts, stride } = layoutFields(fields);
    if (pos + n * stride > bytes.length)
      throw new PointCloudFormatError(fileName, `truncated vertex data: ${n} vertices × ${stride} bytes needs ${n * stride} bytes, ${Math.max(0, bytes.length - pos)} present`);
    ({ arrays, positions, positionStride } = readAos(bytes, pos, n, layouts, stride, le, true, opts.consumeInput));
  }
  const cloud = assemble({ fileName, format: 'ply', encoding: format, fields, count: n, arrays, positions, positionStride });
  const { red, green, blue } = cloud.attributes;
  if (red instanceof Uint8Array && green instanceof Uint8Array && blue instanceof Uint8Array) {
    const rgb = new Uint8Array(3 * n);
    for (let i = 0; i < n; i++) {
      rgb[3 * i] = red[i];
      rgb[3 * i + 1] = green[i];
      rgb[3 * i + 2] = blue[i];
    }
    delete cloud.attributes.red;
    delete cloud.attributes.green;
    delete cloud.attributes.blue;
    cloud.attributes.rgb = rgb;
  }
  return cloud;
}

/** Byte position after all records of a binary element (list properties walked one by one). */
function skipBinaryElement(bytes: Uint8Array, pos: number, el: PlyElement, le: boolean, fileName: string): number {
  const truncated = () => new PointCloudFormatError(fileName, `truncated data in element "${el.name}" before the vertices`);
  if (!el.props.some((p) => p.list)) {
    const end = pos + el.count * el.props.reduce((s, p) => s + p.size, 0);
    if (end > bytes.length) throw truncated();
    return end;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let r = 0; r < el.count; r++) {
    for (const p of el.props) {
      if (p.list) {
        if (pos + p.list.countSize > bytes.length) throw truncated();
        const k = Number(getter(dv, p.list.countType, p.list.countSize, le)(pos));
        // a negative count (signed count type) would move pos backwards: loop forever or read before the data
        if (k < 0) throw new PointCloudFormatError(fileName, `element "${el.name}" record ${r}: list property "${p.name}" has a negative count ${k}`);
        pos += p.list.countSize + k * p.size;
      } else pos += p.size;
      if (pos > bytes.length) throw truncated();
    }
  }
  return pos;
}

function readAsciiVertices(bytes: Uint8Array, start: number, headerLines: number, elements: PlyElement[], vi: number, fields: PointField[], fileName: string) {
  const text = new TextDecoder('latin1').decode(bytes.subarray(start));
  const lines = text.split('\n');
  let li = 0;
  // One record per line in ascii PLY; skip the records of the elements before the vertices.
  const nextLine = (): string => {
    while (li < lines.length) {
      const l = lines[li++].trim();
      if (l !== '') return l;
    }
    throw new PointCloudFormatError(fileName, 'truncated ascii data: file ends before all vertices were read');
  };
  for (let e = 0; e < vi; e++) for (let r = 0; r < elements[e].count; r++) nextLine();
  const n = elements[vi].count;
  // Size the arrays from `element vertex N` only when N lines are there: `element vertex
  // 99999999999999999999` threw RangeError: Invalid typed array length (and 2^28 allocated gigabytes)
  // before a line was read (found by fuzzing).
  let remaining = 0;
  for (let k = li; k < lines.length && remaining < n; k++) if (lines[k].trim() !== '') remaining++;
  if (remaining < n) throw new PointCloudFormatError(fileName, `truncated ascii data: "element vertex ${n}" but only ${remaining} lines follow`);
  const out = fields.map((f) => new (arrayTypeFor(f.type, f.size)!)(n));
  for (let i = 0; i < n; i++) {
    const tokens = nextLine().split(/\s+/);
    const lineNo = headerLines + li;
    if (tokens.length !== fields.length) throw new PointCloudFormatError(fileName, `line ${lineNo}: ${tokens.length} values, expected ${fields.length}`);
    for (let f = 0; f < fields.length; f++) {
      const v = Number(tokens[f]);
      if (Number.isNaN(v) && !/^[+-]?nan$/i.test(tokens[f])) throw new PointCloudFormatError(fileName, `line ${lineNo}: "${tokens[f].slice(0, 40)}" is not a number`);
      (out[f] as Float64Array)[i] = v;
    }
  }
  return new Map(fields.map((f, i) => [f.name, out[i]] as const));
}
