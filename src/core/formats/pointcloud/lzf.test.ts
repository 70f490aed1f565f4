/**
 * LZF: a hand-assembled stream (expected bytes worked out by hand from the liblzf format), round
 * trips through the test compressor, and corrupt streams.
 */
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
});
