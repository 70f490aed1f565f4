import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEdit, diffToEdit, remapSpan, splitsSurrogatePair, type TextEdit } from './offsets';

// "The red car stops." — offsets counted by hand: T0 h1 e2 _3 r4 e5 d6 _7 c8 a9 r10 _11 s12 t13 o14 p15 s16 .17
const TEXT = 'The red car stops.';
const RED_CAR = { start: 4, end: 11 };

/** Apply the edit and return what the remapped span covers (or null when it is gone). */
function covered(text: string, span: { start: number; end: number }, edit: TextEdit): string | null {
  const r = remapSpan(span, edit);
  return r === null ? null : applyEdit(text, edit).slice(r.start, r.end);
}

describe('remapSpan', () => {
  it('keeps a span before the edit and shifts one after it', () => {
    expect(TEXT.slice(4, 11)).toBe('red car');
    expect(remapSpan(RED_CAR, { from: 12, to: 17, insert: 'waits here' })).toEqual({ start: 4, end: 11 });
    expect(remapSpan(RED_CAR, { from: 0, to: 0, insert: 'Look: ' })).toEqual({ start: 10, end: 17 });
    expect(remapSpan(RED_CAR, { from: 0, to: 4, insert: 'A ' })).toEqual({ start: 2, end: 9 });
    expect(covered(TEXT, RED_CAR, { from: 0, to: 4, insert: 'A ' })).toBe('red car');
  });

  it('does not extend a span with text typed exactly at its start or end', () => {
    expect(remapSpan(RED_CAR, { from: 11, to: 11, insert: 's' })).toEqual({ start: 4, end: 11 });
    expect(covered(TEXT, RED_CAR, { from: 11, to: 11, insert: 's' })).toBe('red car'); // "The red cars stops."
    expect(remapSpan(RED_CAR, { from: 4, to: 4, insert: 'big ' })).toEqual({ start: 8, end: 15 });
    expect(covered(TEXT, RED_CAR, { from: 4, to: 4, insert: 'big ' })).toBe('red car');
  });

  it('absorbs an edit inside the span', () => {
    expect(remapSpan(RED_CAR, { from: 4, to: 7, insert: 'dark red' })).toEqual({ start: 4, end: 16 });
    expect(covered(TEXT, RED_CAR, { from: 4, to: 7, insert: 'dark red' })).toBe('dark red car');
    expect(covered(TEXT, RED_CAR, { from: 7, to: 7, insert: ',' })).toBe('red, car');
    expect(covered(TEXT, RED_CAR, { from: 5, to: 10, insert: '' })).toBe('rr');
  });

  it('keeps the untouched part of a span the edit overlaps at one end', () => {
    // delete "e r" + "e" = [2, 6): "Thd car stops."
    expect(remapSpan(RED_CAR, { from: 2, to: 6, insert: '' })).toEqual({ start: 2, end: 7 });
    expect(covered(TEXT, RED_CAR, { from: 2, to: 6, insert: '' })).toBe('d car');
    // replace "ar st" [9, 14) by "at": "The red catops."
    expect(remapSpan(RED_CAR, { from: 9, to: 14, insert: 'at' })).toEqual({ start: 4, end: 11 });
    expect(covered(TEXT, RED_CAR, { from: 9, to: 14, insert: 'at' })).toBe('red cat');
  });

  it('becomes the replacement when the edit covers it, and is gone when its words are deleted', () => {
    expect(remapSpan(RED_CAR, { from: 4, to: 11, insert: 'blue truck' })).toEqual({ start: 4, end: 14 });
    expect(remapSpan(RED_CAR, { from: 0, to: 18, insert: 'A car.' })).toEqual({ start: 0, end: 6 });
    expect(remapSpan(RED_CAR, { from: 3, to: 11, insert: '' })).toBeNull();
    expect(remapSpan(RED_CAR, { from: 4, to: 11, insert: '' })).toBeNull();
    expect(remapSpan(RED_CAR, { from: 0, to: 18, insert: '' })).toBeNull();
  });
});

describe('diffToEdit', () => {
  it('finds the changed middle between the common prefix and suffix', () => {
    expect(diffToEdit('same', 'same')).toBeNull();
    expect(diffToEdit('abc', 'abXc')).toEqual({ from: 2, to: 2, insert: 'X' });
    expect(diffToEdit('aa', 'aaa')).toEqual({ from: 2, to: 2, insert: 'a' });
    expect(diffToEdit('The red car stops.', 'The blue car stops.')).toEqual({ from: 4, to: 7, insert: 'blue' });
    expect(diffToEdit('abc', '')).toEqual({ from: 0, to: 3, insert: '' });
    expect(diffToEdit('', 'xyz')).toEqual({ from: 0, to: 0, insert: 'xyz' });
  });

  it('never splits a surrogate pair', () => {
    // 😀 = D83D DE00 and 😁 = D83D DE01 share their high half; 🩀 = D83E DE00 shares 😀's low half.
    expect(diffToEdit('a😀b', 'a😁b')).toEqual({ from: 1, to: 3, insert: '😁' });
    expect(diffToEdit('😀x', '\u{1FA00}x')).toEqual({ from: 0, to: 2, insert: '\u{1FA00}' });
    expect(diffToEdit('x😀', 'x😀😀')).toEqual({ from: 3, to: 3, insert: '😀' });
    expect(splitsSurrogatePair('a😀b', 2)).toBe(true);
    expect(splitsSurrogatePair('a😀b', 1)).toBe(false);
    expect(splitsSurrogatePair('a😀b', 3)).toBe(false);
  });
});

// Few symbols, many of them astral with shared surrogate halves, combining marks and RTL letters:
// random texts then collide often on exactly the cases that break naive offset code.
const unit = fc.constantFrom('a', 'b', ' ', '😀', '😁', '\u{1FA00}', 'e\u0301', '\u0301', 'א', 'ש', '\u200f', 'न', '\u093f');
const text = fc.string({ unit, maxLength: 12 });

/** A text, a span [start, end) of it (non-empty) and an edit [from, to) with its insert. */
const scenario = text
  .filter((t) => t.length >= 1)
  .chain((t) =>
    fc.record({
      t: fc.constant(t),
      a: fc.nat(t.length),
      b: fc.nat(t.length),
      c: fc.nat(t.length),
      d: fc.nat(t.length),
      insert: fc.string({ unit, maxLength: 4 }),
    }),
  )
  .filter(({ a, b }) => a !== b)
  .map(({ t, a, b, c, d, insert }) => ({ t, span: { start: Math.min(a, b), end: Math.max(a, b) }, edit: { from: Math.min(c, d), to: Math.max(c, d), insert } }));

describe('offsets under random edits (property)', () => {
  it('a span the edit does not touch covers exactly the same characters afterwards', () => {
    fc.assert(
      fc.property(scenario, ({ t, span, edit }) => {
        fc.pre(span.end <= edit.from || span.start >= edit.to);
        expect(covered(t, span, edit)).toBe(t.slice(span.start, span.end));
      }),
      { numRuns: 2000 },
    );
  });

  it('a span around the edit covers its own words with the edit applied inside', () => {
    fc.assert(
      fc.property(scenario, ({ t, span, edit }) => {
        fc.pre(span.start < edit.from && edit.to < span.end);
        expect(covered(t, span, edit)).toBe(t.slice(span.start, edit.from) + edit.insert + t.slice(edit.to, span.end));
      }),
      { numRuns: 2000 },
    );
  });

  it('a span disappears exactly when the edit deletes all its characters and inserts nothing', () => {
    fc.assert(
      fc.property(scenario, ({ span, edit }) => {
        const gone = edit.insert === '' && edit.from <= span.start && span.end <= edit.to;
        expect(remapSpan(span, edit) === null).toBe(gone);
      }),
      { numRuns: 2000 },
    );
  });

  it('diffToEdit gives an edit that turns one text into the other without cutting a character', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const e = diffToEdit(before, after);
        if (before === after) {
          expect(e).toBeNull();
          return;
        }
        expect(e).not.toBeNull();
        expect(applyEdit(before, e!)).toBe(after);
        expect(splitsSurrogatePair(before, e!.from)).toBe(false);
        expect(splitsSurrogatePair(before, e!.to)).toBe(false);
        expect(splitsSurrogatePair(after, e!.from)).toBe(false);
        // the kept prefix and suffix are unchanged text of both
        expect(after.slice(0, e!.from)).toBe(before.slice(0, e!.from));
        expect(after.slice(e!.from + e!.insert.length)).toBe(before.slice(e!.to));
      }),
      { numRuns: 3000 },
    );
  });

  it('spans in the unchanged prefix or suffix of a whole-text replacement keep their words', () => {
    fc.assert(
      fc.property(scenario, text, ({ t, span }, after) => {
        const e = diffToEdit(t, after);
        fc.pre(e !== null && (span.end <= e.from || span.start >= e.to));
        const r = remapSpan(span, e!)!;
        expect(after.slice(r.start, r.end)).toBe(t.slice(span.start, span.end));
      }),
      { numRuns: 800 },
    );
  });
});
