/**
 * The CLI's own JSON syntax locator and UTF-8 check, against the platform's: `jsonSyntaxError` must
 * call a text invalid exactly when JSON.parse throws, and `firstNonUtf8` must find a bad byte
 * exactly when a fatal TextDecoder refuses the bytes — on generated documents, their mutations and
 * random bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeChar, firstNonUtf8, jsonSyntaxError, lineColumn } from './textInput';

const parses = (t: string): boolean => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

/** A JSON text and a mutation of it: a character deleted, inserted or replaced, or the text cut. */
const mutated = fc
  .tuple(fc.json(), fc.nat(), fc.constantFrom('delete', 'insert', 'replace', 'cut'), fc.constantFrom(...'{}[],:"\\ 0-1eE.tfnx\u0000\n\t'))
  .map(([t, at, op, c]) => {
    const i = t.length ? at % t.length : 0;
    if (op === 'delete') return t.slice(0, i) + t.slice(i + 1);
    if (op === 'insert') return t.slice(0, i) + c + t.slice(i);
    if (op === 'replace') return t.slice(0, i) + c + t.slice(i + 1);
    return t.slice(0, i);
  });

describe('jsonSyntaxError', () => {
  it('agrees with JSON.parse on generated documents and their mutations', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string()), (t) => {
        expect(jsonSyntaxError(t) === undefined).toBe(parses(t));
      }),
      { numRuns: 3000, seed: 17 },
    );
  });

  it('names the line, column and what was found there, never quoting the text around it', () => {
    expect(jsonSyntaxError('{"a": 1,\n  "b": [1, 2,, 3]}')).toEqual({ offset: 22, line: 2, column: 14, problem: 'expected a value, found ","' });
    expect(jsonSyntaxError('{"a": 1')).toMatchObject({ line: 1, column: 8, problem: "expected ',' or '}', found the end of the file" });
    expect(jsonSyntaxError('[1] x')).toMatchObject({ column: 5, problem: 'unexpected text after the JSON value, found "x"' });
    expect(jsonSyntaxError('{"a\u0001": 1}')).toMatchObject({ column: 4, problem: 'control character inside a string (escape it), found character U+0001' });
    expect(jsonSyntaxError('\u0089PNG\r\n')).toMatchObject({ line: 1, column: 1, problem: 'expected a value, found character U+0089' });
    expect(jsonSyntaxError('{a: 1}')).toMatchObject({ column: 2, problem: 'expected a property name in double quotes, found "a"' });
    // a 1 MB line: the message stays short
    const long = `[${'1,'.repeat(500_000)}]`;
    const e = jsonSyntaxError(long)!;
    expect(e).toMatchObject({ line: 1, column: 1_000_002, problem: 'expected a value, found "]"' });
  });

  it('deep nesting does not overflow the stack', () => {
    expect(jsonSyntaxError('['.repeat(200_000) + ']'.repeat(200_000))).toBeUndefined();
    expect(jsonSyntaxError('['.repeat(200_000))).toMatchObject({ column: 200_001, problem: 'expected a value, found the end of the file' });
  });
});

describe('firstNonUtf8', () => {
  const decodes = (b: Uint8Array): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  };

  it('agrees with a fatal TextDecoder on random bytes and on UTF-8 text with bytes changed', () => {
    const textBytes = fc.tuple(fc.string({ unit: 'grapheme' }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, at, b]) => {
      const bytes = new TextEncoder().encode(s);
      if (bytes.length) bytes[at % bytes.length] = b;
      return bytes;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), textBytes), (b) => {
        expect(firstNonUtf8(b) < 0).toBe(decodes(b));
      }),
      { numRuns: 5000, seed: 17 },
    );
  });

  it('gives the offset of the first bad byte: overlong, surrogate, above U+10FFFF, cut short', () => {
    expect(firstNonUtf8(new TextEncoder().encode('héllo 😀'))).toBe(-1);
    expect(firstNonUtf8(Uint8Array.of(0x61, 0xc0, 0x80))).toBe(1); // overlong NUL
    expect(firstNonUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // U+D800
    expect(firstNonUtf8(Uint8Array.of(0xf4, 0x90, 0x80, 0x80))).toBe(0); // U+110000
    expect(firstNonUtf8(Uint8Array.of(0x61, 0x62, 0xe2, 0x82))).toBe(2); // cut short
    expect(firstNonUtf8(Uint8Array.of(0x89, 0x50, 0x4e, 0x47))).toBe(0); // a PNG
  });
});

describe('lineColumn / describeChar', () => {
  it('count lines from 1 and columns from 1; show invisible characters by code point', () => {
    expect(lineColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
    expect(lineColumn('ab', 0)).toEqual({ line: 1, column: 1 });
    expect(['x', ' ', '\n', '\u00e9', '\u202e', ''].map((s) => describeChar(s, 0))).toEqual(['"x"', 'a space', 'a line break', 'character U+00E9', 'character U+202E', 'the end of the file']);
  });
});
