/**
 * PLY reader on files written here, in all three encodings, with a `face` element (list
 * property) placed BEFORE the vertices so the reader must walk it, and an `edge` element after.
 * Expected values are the arrays the files are written from (DataView writes, independent of the
 * reader).
 */
import { describe, expect, it } from 'vitest';
import { PointCloudFormatError, readPointCloud } from './index';

const xs = [0.5, -1.25, 3], ys = [2, 0, -4.5], zs = [1e-3, 7, -0.125], nx = [0, 1, 0.25];
const rgb = [[255, 0, 10], [1, 2, 3], [200, 100, 50]];
const faces = [[0, 1, 2], [2, 1, 0, 1]];
const header = (format: string) =>
  ['ply', `format ${format} 1.0`, 'comment written by ply.test.ts', 'element face 2', 'property list uchar int vertex_indices',
    'element vertex 3', 'property float x', 'property float y', 'property float z', 'property double nx',
    'property uchar red', 'property uchar green', 'property uchar blue', 'property short layer', 'element edge 1', 'property int vertex1', 'end_header', ''].join('\n');

function ascii(): Uint8Array {
  const lines = [...faces.map((f) => `${f.length} ${f.join(' ')}`), ...xs.map((_, i) => `${xs[i]} ${ys[i]} ${zs[i]} ${nx[i]} ${rgb[i].join(' ')} ${-i}`), '0'];
  return new TextEncoder().encode(header('ascii') + lines.join('\n') + '\n');
}

function binary(le: boolean): Uint8Array {
  const head = new TextEncoder().encode(header(le ? 'binary_little_endian' : 'binary_big_endian'));
  const buf = new Uint8Array(head.length + 200);
  buf.set(head);
  const dv = new DataView(buf.buffer);
  let o = head.length;
  for (const f of faces) {
    dv.setUint8(o++, f.length);
    for (const v of f) {
      dv.setInt32(o, v, le);
      o += 4;
    }
  }
  for (let i = 0; i < 3; i++) {
    dv.setFloat32(o, xs[i], le);
    dv.setFloat32(o + 4, ys[i], le);
    dv.setFloat32(o + 8, zs[i], le);
    dv.setFloat64(o + 12, nx[i], le);
    buf.set(rgb[i], o + 20);
    dv.setInt16(o + 23, -i, le);
    o += 25;
  }
  dv.setInt32(o, 0, le);
  return buf.subarray(0, o + 4);
}

describe.each([
  ['ascii', ascii()],
  ['binary_little_endian', binary(true)],
  ['binary_big_endian', binary(false)],
])('PLY %s', (encoding, bytes) => {
  it('reads the vertices after skipping the faces', () => {
    const c = readPointCloud(bytes, 'mesh.ply');
    expect(c.format).toBe('ply');
    expect(c.encoding).toBe(encoding);
    expect(c.count).toBe(3);
    expect(Array.from(c.positions)).toEqual(xs.flatMap((_, i) => [xs[i], ys[i], Math.fround(zs[i])]));
    expect(Array.from(c.attributes.nx as Float64Array)).toEqual(nx);
    expect(Array.from(c.attributes.rgb as Uint8Array)).toEqual(rgb.flat());
    expect(Array.from(c.attributes.layer as Int16Array)).toEqual([0, -1, -2]);
    expect(c.attributes.red).toBeUndefined();
    expect(c.fields.map((f) => `${f.name}:${f.type}${f.size}`)).toEqual(['x:F4', 'y:F4', 'z:F4', 'nx:F8', 'red:U1', 'green:U1', 'blue:U1', 'layer:I2']);
    expect(c.bounds).toEqual({ min: [-1.25, -4.5, Math.fround(-0.125)], max: [3, 2, 7] });
  });

  it('reports truncated vertex data', () => {
    const cut = encoding === 'ascii' ? bytes.subarray(0, bytes.length - 20) : bytes.subarray(0, bytes.length - 10);
    expect(() => readPointCloud(cut, 'cut.ply')).toThrow(PointCloudFormatError);
    expect(() => readPointCloud(cut, 'cut.ply')).toThrow(/^cut\.ply: (truncated|line)/);
  });
});

describe('PLY header errors', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('unknown property type', () =>
    expect(() => readPointCloud(enc('ply\nformat ascii 1.0\nelement vertex 1\nproperty float128 x\nend_header\n1\n'), 'a.ply')).toThrow(/^a\.ply: header line 4: unknown property type "float128"/));
  it('no end_header', () => expect(() => readPointCloud(enc('ply\nformat ascii 1.0\nelement vertex 1\n'), 'b.ply')).toThrow(/^b\.ply: no end_header/));
  it('no vertex element', () => expect(() => readPointCloud(enc('ply\nformat ascii 1.0\nelement face 0\nend_header\n'), 'c.ply')).toThrow(/^c\.ply: no "element vertex"/));
});
