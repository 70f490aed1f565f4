/**
 * PCD reader on generated files. The expected values are the typed arrays the files were built
 * from (testing/pcdWriter.ts packs them with plain byte copies, independent of the reader's
 * deinterleave code), so every field must come back bit-exactly in all three encodings.
 */
import { describe, expect, it } from 'vitest';
import { readPointCloud, PointCloudFormatError, type PointAttributeArray, type PointField } from './index';
import { buildPcd, pcdHeaderText, type PcdSpec } from './testing/pcdWriter';

const N = 257; // odd, so field-major blocks of 1- and 2-byte fields leave later blocks unaligned
const fields: PointField[] = [
  { name: 'flag', type: 'U', size: 1, count: 1 },
  { name: 'x', type: 'F', size: 4, count: 1 },
  { name: 'y', type: 'F', size: 4, count: 1 },
  { name: 'z', type: 'F', size: 4, count: 1 },
  { name: '_', type: 'U', size: 1, count: 3 },
  { name: 'ring', type: 'U', size: 2, count: 1 },
  { name: 'offset', type: 'I', size: 2, count: 1 },
  { name: 'hist', type: 'F', size: 4, count: 3 },
  { name: 'label', type: 'I', size: 4, count: 1 },
  { name: 'id', type: 'U', size: 4, count: 1 },
  { name: 'time', type: 'F', size: 8, count: 1 },
  { name: 'big', type: 'I', size: 8, count: 1 },
  { name: 'tiny', type: 'I', size: 1, count: 2 },
];

function makeData(): PointAttributeArray[] {
  return fields.map((f) => {
    const n = N * f.count;
    const g = (i: number) => ((i * 7919) % 1000) - 500;
    switch (`${f.type}${f.size}`) {
      case 'U1': return Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255);
      case 'I1': return Int8Array.from({ length: n }, (_, i) => ((i * 37) & 255) - 128);
      case 'U2': return Uint16Array.from({ length: n }, (_, i) => i * 251);
      case 'I2': return Int16Array.from({ length: n }, (_, i) => g(i) * 60);
      case 'I4': return Int32Array.from({ length: n }, (_, i) => g(i) * 1e6);
      case 'U4': return Uint32Array.from({ length: n }, (_, i) => 4e9 - i * 12345);
      case 'F8': return Float64Array.from({ length: n }, (_, i) => 1.7e9 + i * 1e-4);
      case 'I8': return BigInt64Array.from({ length: n }, (_, i) => BigInt(g(i)) * 10n ** 15n);
      default: return Float32Array.from({ length: n }, (_, i) => g(i) / 7 + f.name.length);
    }
  });
}

describe.each(['ascii', 'binary', 'binary_compressed'] as const)('PCD %s with every TYPE/SIZE, COUNT > 1 and padding', (encoding) => {
  const data = makeData();
  const spec: PcdSpec = { fields, data, points: N, encoding };
  const bytes = buildPcd(spec);

  it.each([0, 1, 2, 3])('reads every field back exactly (data starting at byte offset %i mod 4)', (shift) => {
    // Place the file at each alignment inside a larger buffer: exercises the aligned and the chunked-copy paths.
    const holder = new Uint8Array(bytes.length + shift);
    holder.set(bytes, shift);
    const cloud = readPointCloud(holder.subarray(shift), 'gen.pcd');
    expect(cloud.count).toBe(N);
    expect(cloud.encoding).toBe(encoding);
    expect(cloud.fields).toEqual(fields);
    fields.forEach((f, k) => {
      const axis = ['x', 'y', 'z'].indexOf(f.name);
      if (axis >= 0) for (let i = 0; i < N; i++) expect(cloud.positions[cloud.stride * i + axis]).toBe(data[k][i]);
      else if (f.name === '_') expect(cloud.attributes._).toBeUndefined();
      else {
        expect(cloud.attributes[f.name].constructor).toBe(data[k].constructor);
        expect(Array.from(cloud.attributes[f.name] as ArrayLike<unknown>)).toEqual(Array.from(data[k] as ArrayLike<unknown>));
      }
    });
    expect(Object.keys(cloud.attributes).sort()).toEqual(fields.map((f) => f.name).filter((n) => !'xyz_'.includes(n)).sort());
  });
});

describe('NaN points', () => {
  it.each(['ascii', 'binary', 'binary_compressed'] as const)('keeps them at their index and leaves them out of the bounds (%s)', (encoding) => {
    const xyz = ['x', 'y', 'z'].map((name): PointField => ({ name, type: 'F', size: 4, count: 1 }));
    const x = Float32Array.of(1, NaN, -2, 4), y = Float32Array.of(5, NaN, 6, -7), z = Float32Array.of(0.5, NaN, Infinity, 1.5);
    const cloud = readPointCloud(buildPcd({ fields: xyz, data: [x, y, z], points: 4, encoding }), 'nan.pcd');
    expect(cloud.count).toBe(4);
    expect(Number.isNaN(cloud.positions[cloud.stride])).toBe(true);
    expect(cloud.positions[2 * cloud.stride + 2]).toBe(Infinity);
    // Finite points are #0 and #3 only (hand computation).
    expect(cloud.bounds).toEqual({ min: [1, -7, 0.5], max: [4, 5, 1.5] });
  });
});

describe('packed rgb', () => {
  it('turns a float-packed rgb field (TYPE F) into r,g,b bytes in every encoding', () => {
    const packed = Uint32Array.of(0x00ff8001, 0x00102030);
    const rgbAsFloat = new Float32Array(packed.buffer); // PCL's packing: the uint32's bits read as float
    const f: PointField[] = [...['x', 'y', 'z'].map((name): PointField => ({ name, type: 'F', size: 4, count: 1 })), { name: 'rgb', type: 'F', size: 4, count: 1 }];
    const coords = [Float32Array.of(0, 1), Float32Array.of(0, 1), Float32Array.of(0, 1)];
    for (const encoding of ['binary', 'binary_compressed'] as const) {
      const c = readPointCloud(buildPcd({ fields: f, data: [...coords, rgbAsFloat], points: 2, encoding }), 'rgb.pcd');
      expect(Array.from(c.attributes.rgb as Uint8Array)).toEqual([0xff, 0x80, 0x01, 0x10, 0x20, 0x30]);
    }
  });
});

describe('organized clouds', () => {
  it('accepts WIDTH × HEIGHT = POINTS', () => {
    const f = ['x', 'y', 'z'].map((name): PointField => ({ name, type: 'F', size: 4, count: 1 }));
    const d = [0, 1, 2].map(() => new Float32Array(6));
    const c = readPointCloud(buildPcd({ fields: f, data: d, points: 6, encoding: 'binary', header: { WIDTH: '3', HEIGHT: '2' } }), 'org.pcd');
    expect(c.count).toBe(6);
  });
});

describe('malformed PCD files each get their own error naming the file', () => {
  const f = ['x', 'y', 'z', 'intensity'].map((name): PointField => ({ name, type: 'F', size: 4, count: 1 }));
  const d = [0, 1, 2, 3].map((k) => Float32Array.from({ length: 100 }, (_, i) => i + k));
  const good = (encoding: PcdSpec['encoding'], header?: PcdSpec['header']) => buildPcd({ fields: f, data: d, points: 100, encoding, header });
  const expectError = (bytes: Uint8Array, pattern: RegExp) => {
    let err: unknown;
    try {
      readPointCloud(bytes, 'lies.pcd');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PointCloudFormatError);
    expect((err as Error).message).toMatch(/^lies\.pcd: /);
    expect((err as Error).message).toMatch(pattern);
  };

  it('truncated binary data', () => expectError(good('binary').subarray(0, -5), /truncated binary data: POINTS 100 .* needs 1600 bytes, file has 1595/));
  it('POINTS larger than the data (binary)', () => expectError(good('binary', { POINTS: '101', WIDTH: '101' }), /truncated binary data: POINTS 101/));
  it('POINTS larger than the data (ascii)', () => expectError(good('ascii', { POINTS: '101', WIDTH: '101' }), /truncated ascii data: POINTS 101 but only 100 data lines/));
  it('more ascii lines than POINTS', () => expectError(good('ascii', { POINTS: '99', WIDTH: '99' }), /line 111: more data lines than POINTS 99/));
  it('WIDTH × HEIGHT ≠ POINTS', () => expectError(good('binary', { WIDTH: '50', HEIGHT: '3' }), /WIDTH 50 × HEIGHT 3 = 150 but POINTS 100/));
  it('unknown TYPE', () => expectError(good('binary', { TYPE: 'F F F X' }), /header line 5: unknown TYPE "X" for field "intensity"/));
  it('SIZE list shorter than FIELDS', () => expectError(good('binary', { SIZE: '4 4 4' }), /SIZE has 3 entries but FIELDS has 4/));
  it('COUNT list longer than FIELDS', () => expectError(good('binary', { COUNT: '1 1 1 1 1' }), /COUNT has 5 entries but FIELDS has 4/));
  it('bad SIZE', () => expectError(good('binary', { SIZE: '4 4 4 3' }), /SIZE 3 of field "intensity" is not 1, 2, 4 or 8/));
  it('no DATA line', () => expectError(new TextEncoder().encode('VERSION 0.7\nFIELDS x y z\n'), /no DATA line/));
  it('a non-number in ascii data', () => {
    const b = new TextEncoder().encode('VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 2\nPOINTS 2\nDATA ascii\n1 2 3\n4 five 6\n');
    expectError(b, /line 9: "five" is not a number \(field "y"\)/);
  });
  it('wrong number of values on an ascii line', () => {
    const b = new TextEncoder().encode('VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 2\nPOINTS 2\nDATA ascii\n1 2 3\n4 6\n');
    expectError(b, /line 9: 2 values, expected 3/);
  });
  it('missing x y z', () => {
    const b = new TextEncoder().encode('VERSION 0.7\nFIELDS a b\nSIZE 4 4\nTYPE F F\nWIDTH 1\nPOINTS 1\nDATA ascii\n1 2\n');
    expectError(b, /no "x" field/);
  });

  const compressedParts = () => {
    const b = good('binary_compressed');
    const o = pcdHeaderText({ fields: f, data: d, points: 100, encoding: 'binary_compressed' }).length;
    return { b: b.slice(), o };
  };
  it('binary_compressed with the wrong decompressed size', () => {
    const { b, o } = compressedParts();
    new DataView(b.buffer).setUint32(o + 4, 1604, true);
    expectError(b, /declares 1604 decompressed bytes, POINTS 100 × 16 bytes per point needs 1600/);
  });
  it('binary_compressed truncated', () => expectError(good('binary_compressed').subarray(0, -10), /truncated binary_compressed data: \d+ compressed bytes declared, \d+ present/));
  it('binary_compressed with a corrupt LZF stream', () => {
    const { b, o } = compressedParts();
    b[o + 8] = 0xe0; // first token becomes a back reference before the start of the output
    b[o + 10] = 0xff;
    expectError(b, /corrupt LZF data: back reference .* before the start of the output/);
  });
  it('binary_compressed whose stream ends early', () => {
    const { b, o } = compressedParts();
    const dv = new DataView(b.buffer);
    dv.setUint32(o, dv.getUint32(o, true) - 40, true); // declare fewer compressed bytes
    expectError(b, /corrupt LZF data: /);
  });
});
