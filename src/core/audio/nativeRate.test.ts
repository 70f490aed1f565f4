import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nativeSampleRate } from './nativeRate';

const DIR = new URL('../../../e2e/fixtures/media/', import.meta.url);
// reference: the rate ffprobe reports for each fixture (written by e2e/fixtures/media/make.sh)
const RATES = readFileSync(new URL('rates.txt', DIR), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => l.split(' ') as [string, string]);

describe('nativeSampleRate', () => {
  it.each(RATES)('%s is read at %s Hz', (file, rate) => {
    expect(nativeSampleRate(new Uint8Array(readFileSync(new URL(file, DIR))))).toBe(Number(rate));
  });

  it('says null for what it does not read', () => {
    expect(nativeSampleRate(new Uint8Array(readFileSync(new URL('bad.mpg', DIR))))).toBeNull();
    expect(nativeSampleRate(new Uint8Array([1, 2, 3]))).toBeNull();
    // a WAV cut before its fmt chunk
    expect(nativeSampleRate(new Uint8Array(readFileSync(new URL('tone.wav', DIR))).subarray(0, 14))).toBeNull();
  });
});
