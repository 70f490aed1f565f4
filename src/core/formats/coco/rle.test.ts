import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rleArea, rleDecode, rleEncode, rleFromString, rleToBbox, rleToString } from './rle';

interface RefCase {
  h: number;
  w: number;
  mask: string | null;
  rect?: [number, number, number, number][];
  counts: number[];
  string: string;
  area: number;
  bbox: number[];
}
// Produced by fixtures/exchange/rle_reference.py: an independent numpy implementation of the
// algorithm in cocoapi common/maskApi.c (pycocotools itself is not installed here).
const ref = JSON.parse(readFileSync(new URL('../../../../fixtures/exchange/rle_reference.json', import.meta.url), 'utf8')) as { cases: RefCase[] };

function maskOf(c: RefCase): Uint8Array {
  const m = new Uint8Array(c.h * c.w);
  if (c.mask !== null) for (let i = 0; i < m.length; i++) m[i] = c.mask.charCodeAt(i) - 48;
  for (const [y0, y1, x0, x1] of c.rect ?? []) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * c.w + x] = 1;
  return m;
}

describe('COCO RLE', () => {
  it('encodes the pycocotools documented example [0 0 1 1 1 0 1] → [2 3 1 1]', () => {
    // mask.py header: a column vector (h=7, w=1) → counts start with the zero run
    expect(rleEncode(Uint8Array.from([0, 0, 1, 1, 1, 0, 1]), 7, 1).counts).toEqual([2, 3, 1, 1]);
    // a mask starting with 1 starts with an empty zero run
    expect(rleEncode(Uint8Array.from([1, 1, 0]), 3, 1).counts).toEqual([0, 2, 1]);
  });

  it('walks the mask column-major (hand-worked 2x3)', () => {
    // row-major [[1,0,0],[1,1,0]]: columns are (1,1), (0,1), (0,0) → 0 zeros, 2 ones, 1 zero, 1 one, 2 zeros
    const rle = rleEncode(Uint8Array.from([1, 0, 0, 1, 1, 0]), 2, 3);
    expect(rle).toEqual({ size: [2, 3], counts: [0, 2, 1, 1, 2] });
    expect(rleArea(rle)).toBe(3);
    expect(rleToBbox(rle)).toEqual([0, 0, 2, 2]);
    expect(Array.from(rleDecode(rle))).toEqual([1, 0, 0, 1, 1, 0]);
  });

  it('string codec: hand-worked values', () => {
    // 2 → '2' (48+2); 3 → '3'; for i ≥ 3 delta vs counts[i-2]: 1-3 = -2 → 0x1e → 'N' (48+30)
    expect(rleToString([2, 3, 1, 1])).toBe('231N');
    expect(rleFromString('231N')).toEqual([2, 3, 1, 1]);
    // 100 = 0b11_00100: low 5 bits 4 with continuation (0x24 → 'T'), then 3 → '3'
    expect(rleToString([100])).toBe('T3');
  });

  it('matches the independent python reference on every case', () => {
    expect(ref.cases.length).toBeGreaterThan(20);
    for (const c of ref.cases) {
      const m = maskOf(c);
      const rle = rleEncode(m, c.h, c.w);
      expect(rle.counts, `${c.h}x${c.w}`).toEqual(c.counts);
      expect(rleToString(rle.counts)).toBe(c.string);
      expect(rleFromString(c.string)).toEqual(c.counts);
      expect(rleArea(rle)).toBe(c.area);
      expect(rleToBbox(rle)).toEqual(c.bbox);
      expect(Buffer.from(rleDecode({ size: [c.h, c.w], counts: rleFromString(c.string) })).equals(Buffer.from(m))).toBe(true);
    }
  });

  it('rejects malformed strings and counts', () => {
    expect(() => rleFromString('2~')).toThrow(/outside the codec's range/);
    expect(() => rleFromString('T')).toThrow(/ends inside a count/);
    expect(() => rleDecode({ size: [2, 2], counts: [1, 1] })).toThrow(/sum to 2, expected h\*w = 4/);
  });
});
