/**
 * Builds PCD files in memory for tests and the benchmark (all three encodings), from per-field
 * typed arrays. Little-endian; binary_compressed is field-major + LZF as PCL writes it.
 */
import { layoutFields } from '../aos';
import type { PointAttributeArray, PointField } from '../types';
import { compressLzf } from './lzfCompress';

export interface PcdSpec {
  fields: PointField[];
  /** One array per field, length points·count, in the field's native type. */
  data: PointAttributeArray[];
  points: number;
  encoding: 'ascii' | 'binary' | 'binary_compressed';
  /** Override header lines (to build lying headers): WIDTH, HEIGHT, POINTS. */
  header?: Partial<Record<'WIDTH' | 'HEIGHT' | 'POINTS' | 'TYPE' | 'SIZE' | 'COUNT', string>>;
}

const enc = new TextEncoder();

export function pcdHeaderText(spec: PcdSpec): string {
  const h = spec.header ?? {};
  return [
    '# .PCD v0.7 - Point Cloud Data file format',
    'VERSION 0.7',
    `FIELDS ${spec.fields.map((f) => f.name).join(' ')}`,
    `SIZE ${h.SIZE ?? spec.fields.map((f) => f.size).join(' ')}`,
    `TYPE ${h.TYPE ?? spec.fields.map((f) => f.type).join(' ')}`,
    `COUNT ${h.COUNT ?? spec.fields.map((f) => f.count).join(' ')}`,
    `WIDTH ${h.WIDTH ?? spec.points}`,
    `HEIGHT ${h.HEIGHT ?? 1}`,
    'VIEWPOINT 0 0 0 1 0 0 0',
    `POINTS ${h.POINTS ?? spec.points}`,
    `DATA ${spec.encoding}`,
    '',
  ].join('\n');
}

/** Field-major (SoA) or record-major (AoS) raw bytes of the spec's data. */
export function packData(spec: PcdSpec, fieldMajor: boolean): Uint8Array {
  const { layouts, stride } = layoutFields(spec.fields);
  const n = spec.points;
  const out = new Uint8Array(n * stride);
  layouts.forEach((l, f) => {
    const src = new Uint8Array(spec.data[f].buffer, spec.data[f].byteOffset, n * l.size * l.count);
    const bytesPer = l.size * l.count;
    if (fieldMajor) out.set(src, n * l.offset);
    else for (let i = 0; i < n; i++) out.set(src.subarray(i * bytesPer, (i + 1) * bytesPer), i * stride + l.offset);
  });
  return out;
}

export function buildPcd(spec: PcdSpec): Uint8Array {
  const head = enc.encode(pcdHeaderText(spec));
  let body: Uint8Array;
  if (spec.encoding === 'ascii') {
    const lines: string[] = [];
    for (let i = 0; i < spec.points; i++) {
      const vals: string[] = [];
      spec.fields.forEach((f, k) => {
        for (let e = 0; e < f.count; e++) vals.push(String(spec.data[k][i * f.count + e]));
      });
      lines.push(vals.join(' '));
    }
    body = enc.encode(lines.join('\n') + '\n');
  } else if (spec.encoding === 'binary') {
    body = packData(spec, false);
  } else {
    const raw = packData(spec, true);
    const comp = compressLzf(raw);
    body = new Uint8Array(8 + comp.length);
    const dv = new DataView(body.buffer);
    dv.setUint32(0, comp.length, true);
    dv.setUint32(4, raw.length, true);
    body.set(comp, 8);
  }
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}
