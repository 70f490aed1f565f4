import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError, lineOfJsonPath, looksLikeWhisper, parseWhisperJson, readWhisperJson } from './index';

// Hand-written in openai-whisper's output shape (fixtures/timed-text/PROVENANCE.md).
const TEXT = readFileSync(new URL('../../../../fixtures/timed-text/jfk.whisper.json', import.meta.url), 'utf8');
/** 1-based line of the first line containing `needle`, found by plain search (independent of the scanner). */
const lineOf = (text: string, needle: string, from = 0) => text.split('\n').findIndex((l, k) => k >= from && l.includes(needle)) + 1;

describe('parseWhisperJson', () => {
  it('reads segments and word timings exactly as the file has them', () => {
    const doc = parseWhisperJson(TEXT, 'jfk.whisper.json');
    const raw = JSON.parse(TEXT) as { text: string; language: string; segments: { start: number; end: number; text: string; words: { word: string; start: number; end: number; probability: number }[] }[] };
    expect(doc.language).toBe('en');
    expect(doc.segments).toHaveLength(2);
    expect(doc.segments.map((s) => [s.start, s.end, s.text])).toEqual(raw.segments.map((s) => [s.start, s.end, s.text]));
    expect(doc.segments[1].words).toEqual(raw.segments[1].words);
    // whisper's leading spaces stay; the two segments' texts are the document's text
    expect(doc.segments[0].text).toBe(' And so, my fellow Americans, ask not');
    expect(doc.segments.map((s) => s.text).join('')).toBe(raw.text);
    // the sentence of jfk.txt (../shared/data/audio/jfk.txt), word for word
    expect(doc.segments.flatMap((s) => s.words!.map((w) => w.word)).join('').trim()).toBe('And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country.');
  });

  it('keeps code-switched text and escapes byte for byte, on one line as whisper writes it', () => {
    // json.dump's default ensure_ascii=True writes \uXXXX escapes; a decomposed é (e + U+0301) must stay decomposed
    const oneLine = '{"text": " \\u0646\\u0628\\u062f\\u0623 \\u0627\\u0644 meeting caf\\u0065\\u0301", "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 4.2, "text": " \\u0646\\u0628\\u062f\\u0623 \\u0627\\u0644 meeting caf\\u0065\\u0301", "tokens": [50364], "temperature": 0.0, "avg_logprob": -0.3, "compression_ratio": 1.2, "no_speech_prob": 0.02}], "language": "ar"}';
    const doc = parseWhisperJson(oneLine, 'mixed.json');
    expect(doc.segments[0].text).toBe(' نبدأ ال meeting cafe\u0301');
    expect(doc.segments[0].text).not.toBe(doc.segments[0].text.normalize('NFC'));
    expect(doc.language).toBe('ar');
  });

  it('recognises whisper documents by shape', () => {
    expect(looksLikeWhisper(JSON.parse(TEXT))).toBe(true);
    expect(looksLikeWhisper({ text: '', segments: [], language: 'en' })).toBe(true);
    expect(looksLikeWhisper({ segments: [{ start: 0 }] })).toBe(false);
    expect(looksLikeWhisper({ openlabel: {} })).toBe(false);
    expect(looksLikeWhisper([{ segmentation: {} }])).toBe(false);
  });

  it('names the file, the line and the JSON path of a bad value', () => {
    // segment 1's end (10.58) made a string: the line is where `"end": 10.58` is written
    const badEnd = TEXT.replace('"end": 10.58,\n      "text"', '"end": "10.58",\n      "text"');
    expect(badEnd).not.toBe(TEXT);
    expect(() => parseWhisperJson(badEnd, 'jfk.json')).toThrow(new RegExp(`^jfk\\.json:${lineOf(badEnd, '"end": "10.58"')}: segments\\[1\\]\\.end: .*expected number`));
    // a word that ends before it starts (the 3rd word of segment 0: " my", 1.26–1.5)
    const backwards = TEXT.replace('"start": 1.26,\n          "end": 1.5,', '"start": 1.26,\n          "end": 1.2,');
    expect(() => parseWhisperJson(backwards, 'jfk.json')).toThrow(new RegExp(`^jfk\\.json:${lineOf(backwards, '"end": 1.2,')}: segments\\[0\\]\\.words\\[2\\] \\(" my"\\) ends \\(1\\.2 s\\) before it starts \\(1\\.26 s\\)`));
    // a missing segments list: the line of the object that lacks it
    expect(() => parseWhisperJson('\n{\n  "text": "x"\n}', 'x.json')).toThrow(/^x\.json:2: segments: .*expected array, received undefined/);
  });

  it('names the line of a JSON syntax error (a cut file)', () => {
    const cut = TEXT.slice(0, TEXT.indexOf('"probability": 0.97') + '"probability": 0.97'.length) + ',\n}';
    const at = lineOf(cut, '}', cut.split('\n').length - 1);
    expect(() => parseWhisperJson(cut, 'cut.json')).toThrow(new RegExp(`^cut\\.json:${at}: invalid JSON: expected a property name in double quotes`));
    expect(jsonSyntaxError('{"a": [1, 2,\n]}')).toEqual({ line: 2, problem: 'unexpected character "]"' });
    expect(jsonSyntaxError(TEXT)).toBeUndefined();
  });

  it('finds the line of any value by its path; NaN read as null is accepted for the log-probabilities', () => {
    expect(lineOfJsonPath(TEXT, ['segments', 1, 'words', 14, 'word'])).toBe(lineOf(TEXT, '" country."'));
    expect(lineOfJsonPath(TEXT, ['segments', 2])).toBeUndefined();
    expect(lineOfJsonPath('{"a": NaN,\n "b": -Infinity}', ['b'])).toBe(2);
    const withNull = JSON.parse(TEXT);
    withNull.segments[0].avg_logprob = null;
    expect(readWhisperJson(withNull, 'nan.json').segments[0].avg_logprob).toBeNull();
  });
});
