/** WebVTT input found by fuzzing (issue #17: `&#1114112;` threw RangeError: Invalid code point from vtt.ts). */
import { describe, expect, it } from 'vitest';
import { parseVtt } from './vtt';

const cue = (text: string) => parseVtt(`WEBVTT\n\n00:00.000 --> 00:01.000\n${text}\n`, 'fuzz/x.vtt')[0].text;

describe('character references that are not characters', () => {
  it('a code point beyond U+10FFFF, a surrogate or NUL becomes U+FFFD, as HTML decodes them', () => {
    expect(cue('a&#1114112;b')).toBe('a\ufffdb');
    expect(cue('&#99999999999999999999;')).toBe('\ufffd');
    expect(cue('&#xD800;&#0;')).toBe('\ufffd\ufffd');
  });

  it('real characters still decode (the largest, U+10FFFF, and an emoji)', () => {
    expect(cue('&#1114111;&#x1F600;&amp;')).toBe('\u{10ffff}\u{1f600}&');
  });
});
