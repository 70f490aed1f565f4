import { describe, expect, it } from 'vitest';
import { fold, tokenize } from './tokens';

const segmenterWords = (t: string): [number, number][] =>
  [...new Intl.Segmenter('und', { granularity: 'word' }).segment(t)].filter((s) => s.isWordLike).map((s) => [s.index, s.index + s.segment.length]);

describe('tokenize', () => {
  // The reference is Intl.Segmenter itself (ICU's UAX #29 word boundaries), on mixed-script text.
  const texts = [
    "woh red gaadi dekho, गाड़ी, car's cars' 4.5-metre 30mm 2.3 cm 1,000 isn’t",
    "Let's finalise the timeline by agle mahine",
    'שלום <script>alert(1)</script> &amp; e\u0301 👍🏽car',
    'मेरी गाड़ी लाल है। क्या? Он видит машину. Ça va, Übermäßig groß.',
    'e.g. U.S.A. 3.5. end — \u0301car 汽车很红 traffic-cone',
    'ড়ক্ষ्‍ mixed ZWJ‍joined 🚗🚗 car🚗bus',
  ];
  for (const t of texts)
    it(`gives Intl.Segmenter's words: ${JSON.stringify(t.slice(0, 30))}…`, () => {
      expect(tokenize(t).map((w) => [w.start, w.end])).toEqual(segmenterWords(t));
    });

  it('offsets slice the text as written, whatever the case fold does to lengths', () => {
    const t = 'İSTANBUL Straße CAR';
    const words = tokenize(t);
    expect(words.map((w) => t.slice(w.start, w.end))).toEqual(['İSTANBUL', 'Straße', 'CAR']);
    expect(words.map((w) => w.fold)).toEqual(['istanbul', 'straße', 'car']);
  });
});

describe('fold', () => {
  it('NFC, lower case, curly apostrophe as straight', () => {
    expect(fold('Cafe\u0301')).toBe('café');
    expect(fold('ISN’T')).toBe("isn't");
    // Devanagari ड़ precomposed (U+095C) and as ड + nukta fold alike
    expect(fold('गा\u095Cी')).toBe(fold('गा\u0921\u093C\u0940'));
  });
});
