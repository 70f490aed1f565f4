import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStm } from './index';

// The real pyannote-audio sample transcript (fixtures/timed-text/PROVENANCE.md).
const SAMPLE = readFileSync(new URL('../../../../fixtures/timed-text/sample.stm', import.meta.url), 'utf8');

describe('parseStm', () => {
  it('reads the pyannote sample: 13 lines, each field and the transcript as in the file', () => {
    const segs = parseStm(SAMPLE, 'sample.stm');
    // independent reading: the file uses single spaces, so Python's line.split(' ', 5) gives the fields
    const lines = SAMPLE.split('\n').filter((l) => l !== '');
    expect(segs).toHaveLength(13);
    lines.forEach((l, k) => {
      const f = l.split(' ');
      expect(segs[k]).toEqual({ file: f[0], channel: f[1], speaker: f[2], start: Number(f[3]), end: Number(f[4]), text: f.slice(5).join(' '), line: k + 1 });
    });
    // spelled out for two lines of the file
    expect(segs[0]).toMatchObject({ speaker: 'Diane', start: 6.68, end: 7.16, text: 'Hello?' });
    expect(segs[11].text).toBe('At least you know, they all call me a Yankee down here, so what can I say?');
    expect(new Set(segs.map((s) => s.speaker))).toEqual(new Set(['Diane', 'Sheila']));
  });

  it('skips ;; comments and blank lines, reads the optional <label> and keeps the transcript byte for byte', () => {
    const text = [
      ';; CATEGORY "0" "" ""',
      ';; LABEL "O" "Overall" "All segments"',
      '',
      'call_7\tA\tspk_1\t0.50\t2.25\t<o,f0,female>\tWir treffen uns at  the GATE, d’accord?  ',
      'call_7 B spk_2 2.3 4 ignore_time_segment_in_scoring',
      'call_7 A spk_1 4 5',
      'call_7 A spk_1 5 6 <o> مرحبا hello e\u0301',
      '  ;; an indented comment',
    ].join('\r\n');
    const segs = parseStm(text, 'call.stm');
    expect(segs).toEqual([
      // tabs separate fields; inner double space, case, curly apostrophe and trailing spaces kept
      { file: 'call_7', channel: 'A', speaker: 'spk_1', start: 0.5, end: 2.25, label: '<o,f0,female>', text: 'Wir treffen uns at  the GATE, d’accord?  ', line: 4 },
      { file: 'call_7', channel: 'B', speaker: 'spk_2', start: 2.3, end: 4, text: 'ignore_time_segment_in_scoring', line: 5 },
      { file: 'call_7', channel: 'A', speaker: 'spk_1', start: 4, end: 5, text: '', line: 6 },
      // Arabic + English and a decomposed é (e + U+0301): not normalised
      { file: 'call_7', channel: 'A', speaker: 'spk_1', start: 5, end: 6, label: '<o>', text: 'مرحبا hello e\u0301', line: 7 },
    ]);
    expect(segs[3].text.length).toBe('مرحبا hello '.length + 2);
  });

  it('names the file and line of a bad line', () => {
    expect(() => parseStm('a 1 s 1.0\n', 'x.stm')).toThrow(/^x\.stm:1: an STM line has at least 5 fields .*found 4/);
    expect(() => parseStm(';; c\na 1 s 1.0 2,5 hi\n', 'x.stm')).toThrow(/^x\.stm:2: end time is not a number: "2,5"/);
    expect(() => parseStm('a 1 s 3 2 hi\n', 'x.stm')).toThrow(/^x\.stm:1: segment ends \(2\) before it begins \(3\)/);
    expect(() => parseStm('a 1 s -1 2 hi\n', 'x.stm')).toThrow(/^x\.stm:1: begin time must be >= 0/);
    expect(() => parseStm('a 1 s 1 2 <o,f0 hi\n', 'x.stm')).toThrow(/^x\.stm:1: label "<o,f0" (has no closing ">"|contains a space)/);
  });
});
