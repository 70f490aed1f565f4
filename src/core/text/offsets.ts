/**
 * Span offsets under text edits. Offsets are UTF-16 code units (what JavaScript strings, textarea
 * selections and `TextSpan.start/end` count). An edit replaces the range [from, to) of a text with
 * `insert`; every span of that text is then remapped with `remapSpan` so it keeps covering the same
 * words: spans before the edit stay, spans after it shift by the change in length, and spans the
 * edit touches absorb the change (or disappear when every character they covered was deleted).
 *
 * Pure functions: no scene, no commands (src/core/commands/text.ts applies them to documents and
 * transcript segments).
 */

/** A character range [start, end) in UTF-16 code units. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** Replace [from, to) of a text by `insert` (from <= to, both in UTF-16 code units). */
export interface TextEdit {
  from: number;
  to: number;
  insert: string;
}

/** The text after `edit`. The caller has checked 0 <= from <= to <= text.length. */
export const applyEdit = (text: string, edit: TextEdit): string => text.slice(0, edit.from) + edit.insert + text.slice(edit.to);

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * True when `offset` falls between the two halves of a surrogate pair of `text` (inside one emoji or
 * other astral character), where a span boundary or an edit would cut the character in two.
 */
export const splitsSurrogatePair = (text: string, offset: number): boolean =>
  offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));

/**
 * Where `span` lies after `edit`, or null when the edit deleted every character it covered.
 * - A span ending at or before `from` is unchanged; a span starting at or after `to` shifts by the
 *   change in length. So text typed exactly at a span's start or end is NOT added to the span
 *   (typing after "car" in "the car" does not make the span "cars.").
 * - A span the edit overlaps keeps its untouched part and absorbs the inserted text: its start
 *   moves to `from` when the edit began before it, its end to `from + insert.length` when the edit
 *   ended after it (a span inside the replaced range becomes the replacement: retyping "car" as
 *   "truck" over a selection keeps the link).
 */
export function remapSpan(span: OffsetRange, edit: TextEdit): OffsetRange | null {
  const { from, to } = edit;
  const n = edit.insert.length;
  const delta = n - (to - from);
  if (span.end <= from) return { start: span.start, end: span.end };
  if (span.start >= to) return { start: span.start + delta, end: span.end + delta };
  const start = span.start < from ? span.start : from;
  const end = span.end > to ? span.end + delta : from + n;
  return end > start ? { start, end } : null;
}

/**
 * The single edit that turns `before` into `after`: the common prefix and suffix are kept and the
 * middle replaced; null when the texts are equal. Neither end of the edit splits a surrogate pair
 * (the edit widens by one code unit instead), so an emoji is replaced whole, never half of it.
 * The suffix is limited so it never overlaps the prefix ("aa" → "aaa" inserts at the end).
 */
export function diffToEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  // The prefix may end between a high surrogate and its (differing) low half: keep the pair together.
  if (p > 0 && isHigh(before.charCodeAt(p - 1))) p--;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  // Likewise the suffix may start on a low surrogate whose high half differs.
  if (s > 0 && isLow(before.charCodeAt(before.length - s))) s--;
  return { from: p, to: before.length - s, insert: after.slice(p, after.length - s) };
}
