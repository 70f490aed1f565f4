import { describe, expect, it } from 'vitest';
import { Base64Error, base64ToBytes, bytesToBase64 } from './base64';

describe('base64', () => {
  it('matches the RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, b64] of vectors) {
      expect(bytesToBase64(new TextEncoder().encode(plain))).toBe(b64);
      expect(new TextDecoder().decode(base64ToBytes(b64))).toBe(plain);
    }
  });

  it('agrees with Node Buffer on random bytes of every length 0..300 and across the chunk boundary', () => {
    let s = 12345;
    const r = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24);
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), 3 * 4096 - 1, 3 * 4096, 3 * 4096 + 2, 50000]) {
      const bytes = Uint8Array.from({ length: n }, r);
      const ref = Buffer.from(bytes).toString('base64');
      expect(bytesToBase64(bytes)).toBe(ref);
      expect(base64ToBytes(ref)).toEqual(bytes);
    }
  });

  it('tolerates whitespace and missing padding, rejects the rest with the position', () => {
    expect(new TextDecoder().decode(base64ToBytes('Zm9v\nYmE'))).toBe('fooba');
    expect(() => base64ToBytes('Zm9v*mE=')).toThrow(Base64Error);
    expect(() => base64ToBytes('Zm9v*mE=')).toThrow(/"\*" at position 4/);
    expect(() => base64ToBytes('Zm=9v')).toThrow(/after the '=' padding/);
    expect(() => base64ToBytes('Zm9vY')).toThrow(/5 base64 characters/);
    expect(() => base64ToBytes('Zm9v=')).toThrow(/1 '=' padding characters do not fit 4/);
  });
});
