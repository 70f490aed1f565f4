// Range resolution against RFC 9110 §14.1.2's examples (a 10000-byte representation).
import { describe, expect, it } from 'vitest';
import { resolveRange } from './range';

describe('resolveRange', () => {
  it.each([
    ['bytes=0-499', 0, 499],
    ['bytes=500-999', 500, 999],
    ['bytes=-500', 9500, 9999],
    ['bytes=9500-', 9500, 9999],
    ['bytes=0-0', 0, 0],
    ['bytes=9000-20000', 9000, 9999], // last-pos past the end is clamped
    ['bytes=-20000', 0, 9999], // a suffix longer than the representation is all of it
  ])('%s → %i-%i', (header, start, end) => {
    expect(resolveRange(header, 10000)).toEqual({ kind: 'range', range: { start, end } });
  });
  it('is unsatisfiable when the first byte lies past the end, or for a zero suffix', () => {
    expect(resolveRange('bytes=10000-', 10000)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveRange('bytes=-0', 10000)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
  it('serves the whole representation for no header, bad syntax or several ranges', () => {
    for (const h of [undefined, '', 'bytes=5-2', 'items=0-5', 'bytes=0-1,5-6', 'bytes=-', 'bytes=a-b']) {
      expect(resolveRange(h, 10000)).toEqual({ kind: 'whole' });
    }
  });
});
