import { describe, expect, it } from 'vitest';
import { marksIn, runsOf, snapToCharacter, spansAt, type Mark } from './highlight';

const span = (key: string, start: number, end: number): Mark => ({ kind: 'span', key, start, end });
/** Each run as "text[keys]", so the expectation reads like the sentence. */
const show = (text: string, marks: Mark[]) => runsOf(text, marks).map((r) => `${text.slice(r.start, r.end)}[${r.marks.map((m) => m.key).join(',')}]`);

describe('runsOf', () => {
  it('cuts the text at mark boundaries and covers it without gaps', () => {
    // "the red car is parked": "the red car" = [0, 11), "car" = [8, 11)
    expect(show('the red car is parked', [span('a', 0, 11), span('b', 8, 11)])).toEqual(['the red [a]', 'car[a,b]', ' is parked[]']);
  });

  it('keeps every one of two partly overlapping spans', () => {
    // "red car" [4, 11) and "car is" [8, 14)
    expect(show('the red car is parked', [span('a', 4, 11), span('b', 8, 14)])).toEqual(['the []', 'red [a]', 'car[a,b]', ' is[b]', ' parked[]']);
  });

  it('drops empty, reversed and non-finite marks and clamps to the text', () => {
    expect(show('abc', [span('e', 1, 1), span('r', 2, 1), span('n', NaN, 2), span('c', 2, 99)])).toEqual(['ab[]', 'c[c]']);
  });

  it('gives one plain run for text without marks, none for empty text', () => {
    expect(show('hello', [])).toEqual(['hello[]']);
    expect(runsOf('', [span('a', 0, 3)])).toEqual([]);
  });

  it('agrees with a brute-force cover on a thousand random overlapping marks', () => {
    const text = 'the red car and a dog. '.repeat(200); // ASCII: no boundary moves
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const marks: Mark[] = Array.from({ length: 1000 }, (_, i) => {
      const start = rnd(text.length);
      return span(`m${i}`, start, start + 1 + rnd(30));
    });
    const runs = runsOf(text, marks);
    // every position: the marks covering it, as the runs say and by brute force
    let at = 0;
    for (const r of runs) {
      expect(r.start).toBe(at);
      at = r.end;
      for (const p of [r.start, r.end - 1]) {
        const expected = marks.filter((m) => m.start <= p && p < Math.min(m.end, text.length)).map((m) => m.key);
        expect(r.marks.map((m) => m.key)).toEqual(expected);
      }
    }
    expect(at).toBe(text.length);
  });

  it('never splits an emoji, its skin tone or a combining accent', () => {
    // "e\u0301" is 2 code units (e + combining acute); "👍🏽" is 4 (two surrogate pairs)
    const text = 'e\u0301 👍🏽!';
    // a mark from inside the accented e to inside the thumb's surrogate pair widens to [0, 7)
    const runs = runsOf(text, [span('a', 1, 4)]);
    expect(runs.map((r) => [r.start, r.end])).toEqual([
      [0, 7],
      [7, 8],
    ]);
  });
});

describe('snapToCharacter', () => {
  it('moves a boundary inside a surrogate pair to the character edge', () => {
    const text = 'a😀b'; // a=0, 😀=[1,3), b=3
    expect(snapToCharacter(text, 2, -1)).toBe(1);
    expect(snapToCharacter(text, 2, 1)).toBe(3);
    expect(snapToCharacter(text, 1, 1)).toBe(1);
    expect(snapToCharacter(text, 0, -1)).toBe(0);
    expect(snapToCharacter(text, 4, 1)).toBe(4);
  });
});

describe('spansAt / marksIn', () => {
  const marks: Mark[] = [span('outer', 0, 11), span('inner', 8, 11), { kind: 'offer', key: 'o', start: 15, end: 21, classId: 'car' }];
  it('lists the spans under a caret innermost first, a caret after the last letter included', () => {
    expect(spansAt(marks, 9).map((m) => m.key)).toEqual(['inner', 'outer']);
    expect(spansAt(marks, 11).map((m) => m.key)).toEqual(['inner', 'outer']);
    expect(spansAt(marks, 3).map((m) => m.key)).toEqual(['outer']);
    expect(spansAt(marks, 12)).toEqual([]);
  });
  it('finds offers overlapping a selection or under a caret', () => {
    expect(marksIn(marks, 'offer', 16, 16).map((m) => m.key)).toEqual(['o']);
    expect(marksIn(marks, 'offer', 12, 16).map((m) => m.key)).toEqual(['o']);
    expect(marksIn(marks, 'offer', 12, 15)).toEqual([]);
  });
});
