/**
 * LZF: a hand-assembled stream (expected bytes worked out by hand from the liblzf format), round
 * trips through the test compressor, and corrupt streams.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decompressLzf, LzfError } from './lzf';
import { compressLzf } from './testing/lzfCompress';

describe('decompressLzf', () => {
  it('decodes a hand-made stream: literal "abc", then an overlapping back reference', () => {
    // 0x02 = literal of 3 bytes "abc"; 0x80 0x02 = back ref len (4)+2 = 6, offset 2+1 = 3 → "abcabc".
    // 0x20 0x00 = len (1)+2 = 3, offset 1 → repeats the last byte three times.
    const out = decompressLzf(Uint8Array.of(0x02, 97, 98, 99, 0x80, 0x02, 0x20, 0x00), 12);
    expect(new TextDecoder().decode(out)).toBe('abcabcabcccc');
  });

  it('decodes a long (7 + extra byte) back reference', () => {
    // literal "xy", then 0xe0 0x05 0x01: len 7+5+2 = 14, offset 1+1 = 2 → "xy" repeated.
    const out = decompressLzf(Uint8Array.of(0x01, 120, 121, 0xe0, 0x05, 0x01), 16);
    expect(new TextDecoder().decode(out)).toBe('xy'.repeat(8));
  });

  it.each([
    ['zeros', new Uint8Array(10000)],
    ['random', Uint8Array.from({ length: 5000 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 13) & 255)],
    ['text', new TextEncoder().encode('the quick brown fox jumps over the lazy dog '.repeat(200))],
    ['short', Uint8Array.of(1, 2)],
  ])('round-trips %s', (_name, data) => {
    expect(decompressLzf(compressLzf(data), data.length)).toEqual(data);
  });

  it('rejects a stream that is too short, too long, or reads past its end', () => {
    const c = compressLzf(new TextEncoder().encode('hello hello hello hello'));
    expect(() => decompressLzf(c, 30)).toThrow(/decompressed to 23 bytes, header declares 30/);
    expect(() => decompressLzf(c, 10)).toThrow(LzfError);
    expect(() => decompressLzf(Uint8Array.of(0x05, 1, 2), 6)).toThrow(/reads past the end/);
    expect(() => decompressLzf(Uint8Array.of(0xe0), 6)).toThrow(/truncated/);
    expect(() => decompressLzf(Uint8Array.of(0x00, 1, 0x20, 0x05), 4)).toThrow(/before the start of the output/);
  });
  // The decoder's fast paths (wild copies away from the buffer ends, copyWithin for long
  // non-overlapping references) and its exact tail paths: the reference is the original input.
  it('round-trips long non-overlapping back references (a random block repeated)', () => {
    const block = Uint8Array.from({ length: 1000 }, (_, i) => (Math.imul(i + 7, 2246822519) >>> 11) & 255);
    const data = new Uint8Array(3100);
    for (let k = 0; k < 3; k++) data.set(block, k * 1000);
    data.set(block.subarray(0, 100), 3000);
    const c = compressLzf(data);
    expect(c.length).toBeLessThan(1200); // the repeats really were encoded as back references
    expect(decompressLzf(c, data.length)).toEqual(data);
  });

  it('round-trips arbitrary mixes of literals, short, long and overlapping references', () => {
    const chunk = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 80 }),
      fc.record({ b: fc.integer({ min: 0, max: 255 }), n: fc.integer({ min: 1, max: 400 }) }).map(({ b, n }) => new Uint8Array(n).fill(b)),
      fc.constantFrom(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), Uint8Array.of(9, 8, 7), new TextEncoder().encode('a fixed phrase that repeats, more than 32 bytes long')),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 60 }), (chunks) => {
        const data = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
        let o = 0;
        for (const c of chunks) {
          data.set(c, o);
          o += c.length;
        }
        expect(decompressLzf(compressLzf(data), data.length)).toEqual(data);
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it('rejects corruption far from the buffer ends (where the wild copies run)', () => {
    const data = Uint8Array.from({ length: 4000 }, (_, i) => (i * 31) % 251);
    const c = compressLzf(data);
    expect(() => decompressLzf(c, data.length + 100)).toThrow(/decompressed to 4000 bytes, header declares 4100/);
    expect(() => decompressLzf(c, 2000)).toThrow(/writes past the declared size 2000/);
    // Splice a back reference to offset 8192 right after the first literal run (33 bytes in).
    const bad = Uint8Array.of(...c.subarray(0, 33), 0x3f, 0xff, ...c.subarray(33));
    expect(() => decompressLzf(bad, data.length + 3)).toThrow(/points before the start of the output/);
  });
});
