import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, decodeMaskPng, decodePngSamples, encodeMaskPng, PngError } from '.';

// ---- test-local PNG builder (independent of the module: bitwise CRC, node:zlib) ----
function refCrc(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
function chunk(type: string, data: number[] | Uint8Array): number[] {
  const td = Uint8Array.from([...type].map((c) => c.charCodeAt(0)).concat([...data]));
  return [...be32(data.length), ...td, ...be32(refCrc(td))];
}
const SIG = [137, 80, 78, 71, 13, 10, 26, 10];
function buildPng(opts: { w: number; h: number; depth: number; ct: number; interlace?: number; raw: number[]; plte?: number[]; splitIdat?: number }): Uint8Array {
  const ihdr = [...be32(opts.w), ...be32(opts.h), opts.depth, opts.ct, 0, 0, opts.interlace ?? 0];
  const z = deflateSync(Uint8Array.from(opts.raw));
  const idats: number[] = [];
  const step = opts.splitIdat ?? z.length;
  for (let i = 0; i < z.length; i += step) idats.push(...chunk('IDAT', z.subarray(i, i + step)));
  return Uint8Array.from([...SIG, ...chunk('IHDR', ihdr), ...(opts.plte ? chunk('PLTE', opts.plte) : []), ...idats, ...chunk('IEND', [])]);
}

/** Filter one row of 8-bit samples with filter type ft (PNG spec §9.2), bpp bytes per pixel. */
function filterRow(ft: number, row: number[], prev: number[] | null, bpp: number): number[] {
  const up = (i: number) => (prev ? prev[i] : 0);
  const left = (i: number) => (i >= bpp ? row[i - bpp] : 0);
  const ul = (i: number) => (prev && i >= bpp ? prev[i - bpp] : 0);
  return [
    ft,
    ...row.map((v, i) => {
      const a = left(i);
      const b = up(i);
      const c = ul(i);
      let pred = 0;
      if (ft === 1) pred = a;
      else if (ft === 2) pred = b;
      else if (ft === 3) pred = Math.floor((a + b) / 2);
      else if (ft === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      return (v - pred + 256) & 255;
    }),
  ];
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
function randomMask(w: number, h: number, seed: number, density = 0.4): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: w * h }, () => (r() < density ? 1 + Math.floor(r() * 255) : 0));
}
const binary = (m: Uint8Array) => m.map((v) => (v ? 1 : 0));

/** Parse the chunks of a PNG with its own code, for checking what encodeMaskPng writes. */
function chunksOf(png: Uint8Array): { type: string; data: Uint8Array; crcOk: boolean }[] {
  const out = [];
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let p = 8; p < png.length; ) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    const data = png.subarray(p + 8, p + 8 + len);
    out.push({ type, data, crcOk: dv.getUint32(p + 8 + len) === refCrc(png.subarray(p + 4, p + 8 + len)) });
    p += 12 + len;
  }
  return out;
}

describe('crc32', () => {
  it('matches the standard check value and the bitwise reference', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the CRC-32 catalogue's check value
    const r = rng(7);
    const bytes = Uint8Array.from({ length: 1000 }, () => Math.floor(r() * 256));
    expect(crc32(bytes)).toBe(refCrc(bytes));
    expect(crc32(bytes, 10, 500)).toBe(refCrc(bytes.subarray(10, 500)));
  });
});

describe('encodeMaskPng', () => {
  it('writes a valid 1-bit greyscale PNG that node:zlib + manual row parsing reads back', () => {
    const w = 33;
    const h = 7;
    const mask = randomMask(w, h, 1);
    const png = encodeMaskPng(mask, w, h, { idatSize: 16 });
    expect([...png.subarray(0, 8)]).toEqual(SIG);
    const cs = chunksOf(png);
    expect(cs.every((c) => c.crcOk)).toBe(true);
    expect(cs[0].type).toBe('IHDR');
    expect([...cs[0].data]).toEqual([...be32(w), ...be32(h), 1, 0, 0, 0, 0]);
    expect(cs.at(-1)).toMatchObject({ type: 'IEND' });
    const idats = cs.filter((c) => c.type === 'IDAT');
    expect(idats.length).toBeGreaterThan(1); // split every 16 bytes
    const raw = inflateSync(Buffer.concat(idats.map((c) => c.data)));
    const stride = Math.ceil(w / 8); // 5 bytes for 33 pixels
    expect(raw.length).toBe(h * (1 + stride));
    const back = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      expect(raw[y * (stride + 1)]).toBe(0); // filter None
      for (let x = 0; x < w; x++) back[y * w + x] = (raw[y * (stride + 1) + 1 + (x >> 3)] >> (7 - (x & 7))) & 1;
      // padding bits after pixel 33 are zero
      expect(raw[y * (stride + 1) + stride] & 0x7f).toBe(0);
    }
    expect(back).toEqual(binary(mask));
  });

  it('round trips random masks of odd sizes through decodeMaskPng', () => {
    let seed = 100;
    for (const [w, h] of [[1, 1], [1, 9], [7, 1], [7, 3], [9, 9], [33, 5], [8, 8], [64, 2], [200, 130]]) {
      for (const density of [0, 0.3, 1]) {
        const mask = randomMask(w, h, seed++, density);
        const d = decodeMaskPng(encodeMaskPng(mask, w, h));
        expect({ w: d.width, h: d.height }).toEqual({ w, h });
        expect(d.mask).toEqual(binary(mask));
      }
    }
  });

  it('refuses sizes PNG cannot hold and masks of the wrong length', () => {
    expect(() => encodeMaskPng(new Uint8Array(0), 0, 5)).toThrow(/0x5/);
    expect(() => encodeMaskPng(new Uint8Array(5), 2, 3)).toThrow(/5 bytes, expected w\*h = 2\*3 = 6/);
  });
});

describe('decodeMaskPng on hand-built PNGs', () => {
  // 5x4 8-bit grey image with zeros and non-zeros, every row with a different filter
  const grey = [
    [0, 10, 0, 200, 255],
    [3, 0, 0, 0, 1],
    [0, 0, 0, 0, 0],
    [128, 64, 0, 32, 16],
  ];
  const expected = grey.flat().map((v) => (v ? 1 : 0));

  for (const ft of [0, 1, 2, 3, 4]) {
    it(`8-bit grey, every row filtered with type ${ft}`, () => {
      const raw = grey.flatMap((row, y) => filterRow(ft, row, y ? grey[y - 1] : null, 1));
      const d = decodeMaskPng(buildPng({ w: 5, h: 4, depth: 8, ct: 0, raw }));
      expect([...d.mask]).toEqual(expected);
      // the samples themselves come back exactly
      expect([...decodePngSamples(buildPng({ w: 5, h: 4, depth: 8, ct: 0, raw })).data]).toEqual(grey.flat());
    });
  }

  it('mixed filters per row, 8-bit RGB (3 bytes per pixel for Sub/Average/Paeth), IDAT split in 3', () => {
    const rows = [
      [0, 0, 0, 9, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 250, 251, 252],
      [1, 2, 3, 0, 0, 0, 0, 0, 7],
      [0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    const fts = [4, 3, 1, 2];
    const raw = rows.flatMap((row, y) => filterRow(fts[y], row, y ? rows[y - 1] : null, 3));
    const png = buildPng({ w: 3, h: 4, depth: 8, ct: 2, raw, splitIdat: 4 });
    expect(decodePngSamples(png).data).toEqual(Uint8Array.from(rows.flat()));
    expect([...decodeMaskPng(png).mask]).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0]);
  });

  it('random RGB and grey images with a random filter per row come back sample for sample (ties in Paeth included)', () => {
    const r = rng(42);
    for (const [ct, ch, range] of [[2, 3, 4], [2, 3, 256], [0, 1, 3], [0, 1, 256]]) {
      const w = 13;
      const h = 11;
      const rows = Array.from({ length: h }, () => Array.from({ length: w * ch }, () => Math.floor(r() * range)));
      const raw = rows.flatMap((row, y) => filterRow(Math.floor(r() * 5), row, y ? rows[y - 1] : null, ch));
      expect(decodePngSamples(buildPng({ w, h, depth: 8, ct, raw })).data).toEqual(Uint8Array.from(rows.flat()));
    }
  });

  it('palette, 2-bit: inside = non-zero index, MSB-first packing', () => {
    // 5 pixels per row: indices [0,1,2,3,0] / [2,0,0,0,1] -> 2 bytes per row (10 bits + 6 padding)
    const pack = (ix: number[]) => [((ix[0] << 6) | (ix[1] << 4) | (ix[2] << 2) | ix[3]) & 255, (ix[4] << 6) & 255];
    const raw = [0, ...pack([0, 1, 2, 3, 0]), 0, ...pack([2, 0, 0, 0, 1])];
    const png = buildPng({ w: 5, h: 2, depth: 2, ct: 3, raw, plte: [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] });
    expect([...decodeMaskPng(png).mask]).toEqual([0, 1, 1, 1, 0, 1, 0, 0, 0, 1]);
  });

  it('grey 1, 4 and 16 bits', () => {
    // 1-bit, 9 pixels wide: bytes 0b10100000, 0b1_0000000
    expect([...decodeMaskPng(buildPng({ w: 9, h: 1, depth: 1, ct: 0, raw: [0, 0b10100000, 0b10000000] })).mask]).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect([...decodeMaskPng(buildPng({ w: 3, h: 1, depth: 4, ct: 0, raw: [0, 0x0f, 0x10] })).mask]).toEqual([0, 1, 1]);
    // 16-bit: 0x0000, 0x0001 (low byte only), 0x0100 (high byte only)
    expect([...decodeMaskPng(buildPng({ w: 3, h: 1, depth: 16, ct: 0, raw: [0, 0, 0, 0, 1, 1, 0] })).mask]).toEqual([0, 1, 1]);
  });

  it('RGBA 8-bit: colour decides and alpha is ignored; an all-black image uses its alpha', () => {
    // pixels: black opaque, red transparent, black transparent, white opaque
    const rgba = [0, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255];
    expect([...decodeMaskPng(buildPng({ w: 4, h: 1, depth: 8, ct: 6, raw: filterRow(1, rgba, null, 4) })).mask]).toEqual([0, 1, 0, 1]);
    const alphaOnly = [0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0];
    expect([...decodeMaskPng(buildPng({ w: 4, h: 1, depth: 8, ct: 6, raw: [0, ...alphaOnly] })).mask]).toEqual([1, 0, 1, 0]);
    // grey+alpha 16-bit: grey 0x0000/alpha 0xffff, grey 0x0002/alpha 0
    expect([...decodeMaskPng(buildPng({ w: 2, h: 1, depth: 16, ct: 4, raw: [0, 0, 0, 255, 255, 0, 2, 0, 0] })).mask]).toEqual([0, 1]);
  });

  it('an all-black image with the same alpha everywhere is an empty mask (an opaque black PNG is not a full one)', () => {
    const opaqueBlack = Array.from({ length: 4 }, () => [0, 0, 0, 255]).flat();
    expect([...decodeMaskPng(buildPng({ w: 4, h: 1, depth: 8, ct: 6, raw: [0, ...opaqueBlack] })).mask]).toEqual([0, 0, 0, 0]);
    expect([...decodeMaskPng(buildPng({ w: 2, h: 2, depth: 8, ct: 4, raw: [0, 0, 255, 0, 255, 0, 0, 255, 0, 255] })).mask]).toEqual([0, 0, 0, 0]);
  });
});

describe('decodeMaskPng errors', () => {
  const good = () => buildPng({ w: 2, h: 2, depth: 8, ct: 0, raw: [0, 1, 0, 0, 0, 1] });
  const err = (bytes: Uint8Array) => {
    try {
      decodeMaskPng(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(PngError);
      return (e as Error).message;
    }
    throw new Error('expected a PngError');
  };

  it('names each problem', () => {
    expect(err(new TextEncoder().encode('GIF89a....'))).toMatch(/bad signature/);
    const crc = good();
    crc[8 + 8 + 3] ^= 1; // flip a bit of IHDR's width
    expect(err(crc)).toMatch(/CRC mismatch in chunk IHDR/);
    expect(err(buildPng({ w: 2, h: 2, depth: 8, ct: 0, interlace: 1, raw: [0, 1, 0, 0, 0, 1] }))).toMatch(/interlaced/);
    expect(err(buildPng({ w: 2, h: 2, depth: 4, ct: 2, raw: [0, 0, 0] }))).toMatch(/unsupported bit depth 4 for colour type 2/);
    expect(err(buildPng({ w: 2, h: 2, depth: 8, ct: 5, raw: [0] }))).toMatch(/unsupported colour type 5/);
    expect(err(good().subarray(0, 40))).toMatch(/truncated/);
    const g = good();
    expect(err(g.subarray(0, g.length - 12))).toMatch(/truncated: the file ends before the IEND chunk/);
    expect(err(buildPng({ w: 2, h: 2, depth: 8, ct: 0, raw: [0, 1, 0, 0, 0] }))).toMatch(/IDAT size mismatch: .*inflates to 5 bytes, expected 6/);
    expect(err(buildPng({ w: 2, h: 2, depth: 8, ct: 0, raw: [0, 1, 0, 0, 0, 1, 9, 9, 9] }))).toMatch(/IDAT size mismatch: .*inflates to more than 6 bytes, expected 6/);
    expect(err(buildPng({ w: 2, h: 2, depth: 8, ct: 0, raw: [0, 1, 0, 7, 0, 1] }))).toMatch(/unknown filter type 7 on row 1/);
    // a header promising 512 MiB of 16-bit RGBA is refused before anything is inflated or allocated
    expect(err(buildPng({ w: 8192, h: 8192, depth: 16, ct: 6, raw: [0] }))).toMatch(/8192x8192 at 64 bits per pixel is too large for a mask/);
    expect(err(buildPng({ w: 2, h: 1, depth: 8, ct: 3, raw: [0, 1, 0] }))).toMatch(/without a PLTE/);
    const notZlib = Uint8Array.from([...SIG, ...chunk('IHDR', [...be32(1), ...be32(1), 8, 0, 0, 0, 0]), ...chunk('IDAT', [1, 2, 3, 4]), ...chunk('IEND', [])]);
    expect(err(notZlib)).toMatch(/not a valid zlib stream/);
    const noIdat = Uint8Array.from([...SIG, ...chunk('IHDR', [...be32(1), ...be32(1), 8, 0, 0, 0, 0]), ...chunk('IEND', [])]);
    expect(err(noIdat)).toMatch(/no IDAT/);
  });
});

describe('decodeMaskPng on real PNGs (the bundled KITTI camera images, public/demo/kitti/image_2)', () => {
  // Reference figures from an independent pure-Python decoder (struct + zlib + its own unfilter):
  // fixtures/png/reference.py, run on the same files — width, height, sum of all samples, md5 of the
  // unfiltered rows. The images are in the repository (provenance: public/demo/kitti/PROVENANCE.md;
  // byte-identical to /work/shared/data/kitti-object/image_2), so these cases never skip.
  const cases = [
    { file: '000000.png', w: 1224, h: 370, sum: 122962793, md5: '7e5a0253cdd8cdec9e6ef143a99de4e6' },
    { file: '000001.png', w: 1242, h: 375, sum: 144784047, md5: 'b30a401911ae018df0e433ed32f17db2' },
    { file: '000002.png', w: 1242, h: 375, sum: 118559057, md5: 'f6dd2706102fe083c01921360b3ca690' },
  ];
  const dir = new URL('../../../../public/demo/kitti/image_2/', import.meta.url);
  for (const c of cases) {
    it(c.file, () => {
      const bytes = new Uint8Array(readFileSync(new URL(c.file, dir)));
      const s = decodePngSamples(bytes);
      expect({ w: s.width, h: s.height, depth: s.bitDepth, ct: s.colorType }).toEqual({ w: c.w, h: c.h, depth: 8, ct: 2 });
      expect(s.data.reduce((a, b) => a + b, 0)).toBe(c.sum);
      expect(createHash('md5').update(s.data).digest('hex')).toBe(c.md5);
      const m = decodeMaskPng(bytes);
      expect(m.mask.length).toBe(c.w * c.h);
    });
  }
});
