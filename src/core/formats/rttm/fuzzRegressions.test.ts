/** RTTM input found by fuzzing (src/core/formats/fuzz, issue #17): a line that is no record was dropped silently. */
import { describe, expect, it } from 'vitest';
import { parseRttm } from './rttm';

const TURN = 'SPEAKER sample 1 6.690 0.430 <NA> <NA> speaker90 <NA> <NA>';

describe('parseRttm: every line is a record, a comment or blank', () => {
  it('a stray byte before SPEAKER ("I\\rSPEAKER …") is an error naming the line, not a lost turn', () => {
    expect(() => parseRttm(`I\r${TURN}\n${TURN}\n`, 'fuzz/sample.rttm')).toThrow(/^fuzz\/sample\.rttm:1: unknown record type "I" \(an RTTM line starts with SPEAKER, SPKR-INFO, LEXEME, … or ;; for a comment\)$/);
  });

  it('the other RTTM record types are still skipped', () => {
    const text = `;; a comment\nSPKR-INFO sample 1 <NA> <NA> <NA> adult_male speaker90 <NA> <NA>\nLEXEME sample 1 6.7 0.2 hello lex speaker90 <NA> <NA>\n${TURN}\n`;
    expect(parseRttm(text, 'x.rttm').map((t) => [t.speaker, t.line])).toEqual([['speaker90', 4]]);
  });
});
