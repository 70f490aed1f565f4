/**
 * Words of a text with their offsets in UTF-16 code units OF THE TEXT AS WRITTEN (never of a
 * lower-cased or normalised copy), and the case fold used to compare them.
 *
 * Word boundaries are Unicode's (UAX #29, what `Intl.Segmenter(…, {granularity: 'word'})` gives),
 * computed in two tiers because the Segmenter costs several µs per segment in V8 (6–15 ms for a
 * 5,000-character caption, measured; the regex below takes about 0.1 ms), over the whole budget of
 * a text check (5 ms):
 * - scripts written with spaces between words (Latin, Cyrillic, Greek, Devanagari, Arabic, Hebrew,
 *   …): a word is a run of letters, digits and connectors with their combining marks and joiners
 *   (ZWJ/ZWNJ, as in Devanagari conjuncts), with an apostrophe or full stop inside it between two
 *   word characters ("car's", "isn’t", "2.3") and a comma between digits ("1,000"). A run never
 *   starts with a combining mark: a mark after a space or an emoji belongs to that character
 *   (UAX #29 rule WB4), so "\u0301car" holds the word "car". Emoji, punctuation and spaces are never
 *   part of a word. For such text this equals the Segmenter's word-like segments (tokens.test.ts
 *   compares the two on mixed-script text);
 * - a run containing a script written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer,
 *   Myanmar) is split by `Intl.Segmenter('und', {granularity: 'word'})` (dictionary segmentation).
 */

export interface Token {
  /** [start, end) in UTF-16 code units of the original text. */
  start: number;
  end: number;
  /** The case fold of the word (see `fold`). */
  fold: string;
}

const WORD = /[\p{L}\p{N}\p{Pc}][\p{L}\p{M}\p{N}\p{Pc}\u200c\u200d]*(?:(?:['’.\u00b7](?=[\p{L}\p{N}])|,(?=\p{N}))[\p{L}\p{M}\p{N}\p{Pc}\u200c\u200d]+)*/gu;
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const ASCII = /^[ -~]*$/;

let segmenter: Intl.Segmenter | undefined;

/**
 * The case fold words are compared by: NFC (so "e\u0301" equals "é", and a Devanagari letter with
 * nukta equals its precomposed form), lower case (locale-independent), curly apostrophe as
 * straight, and "i̇" (the lower case of Turkish "İ") as "i". Only ever applied to one word at a time,
 * so a fold that changes the length never moves an offset.
 */
export function fold(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFC').toLowerCase().replace(/’/g, "'").replace(/i\u0307/g, 'i');
}

/** The words of `text` in order (see the module comment). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const w = m[0];
    if (!NO_SPACES.test(w)) {
      out.push({ start: m.index, end: m.index + w.length, fold: fold(w) });
      continue;
    }
    segmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
    for (const s of segmenter.segment(w))
      if (s.isWordLike) out.push({ start: m.index + s.index, end: m.index + s.index + s.segment.length, fold: fold(s.segment) });
  }
  return out;
}
