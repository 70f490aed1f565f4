/**
 * The editor's highlight backdrop, as data: a text's marks (linked spans, mention offers, flags)
 * cut into runs so that every run carries the full set of marks covering it. Overlapping marks
 * are all kept (a run under two spans lists both); the view draws the first span as a tint and
 * each further one as an extra underline, so nothing is hidden.
 *
 * Offsets are UTF-16 code units (as in TextSpan). A boundary that would split a user-perceived
 * character (a surrogate pair, a base letter and its combining accent, an emoji with its skin-tone
 * modifier) is moved outwards to the character's edge: the backdrop renders each run in its own
 * element, and a character cut in two would be drawn differently from the textarea above it.
 * Pure: no DOM, no React.
 */

export type MarkKind = 'span' | 'offer' | 'hallucination' | 'contradiction';

export interface Mark {
  kind: MarkKind;
  /** [start, end) in UTF-16 code units; clamped to the text. */
  start: number;
  end: number;
  /** Unique among the text's marks (React key, hover identity). */
  key: string;
  /** CSS colour: a span's object class colour. */
  color?: string;
  /** Span: its object; flag: the object it concerns, when known. */
  object?: string;
  /** Span: the TextSpan id. */
  spanId?: string;
  /** Offer / flag: the class the words name. */
  classId?: string;
  /** Flag: what is wrong, shown as a tooltip. */
  message?: string;
}

export interface Run {
  start: number;
  end: number;
  /** Marks covering the run, in the order given (spans first in the view: see TextEditor). */
  marks: Mark[];
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

let segmenter: Intl.Segmenter | null | undefined;
function graphemes(): Intl.Segmenter | null {
  if (segmenter === undefined) segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  return segmenter;
}

/** Grapheme clusters are short; a window this wide around a boundary always holds the whole cluster in practice. */
const WINDOW = 64;

/**
 * `i` moved to the edge of the user-perceived character it falls in: its start (`dir` -1) or end
 * (`dir` +1). Unchanged when `i` is already between two characters.
 */
export function snapToCharacter(text: string, i: number, dir: -1 | 1): number {
  if (i <= 0 || i >= text.length) return Math.max(0, Math.min(text.length, i));
  const before = text.charCodeAt(i - 1);
  const at = text.charCodeAt(i);
  // fast path (nearly every boundary): two characters below U+0300 (no combining marks, no
  // surrogates) are separate characters, except CR LF
  if (before < 0x300 && at < 0x300 && !(before === 13 && at === 10)) return i;
  const seg = graphemes();
  if (!seg) {
    // no Intl.Segmenter: at least never split a surrogate pair
    if (isHigh(before) && isLow(at)) return dir < 0 ? i - 1 : i + 1;
    return i;
  }
  const from = Math.max(0, i - WINDOW);
  for (const s of seg.segment(text.slice(from, Math.min(text.length, i + WINDOW)))) {
    const a = from + s.index;
    const b = a + s.segment.length;
    if (a === i || b === i) return i;
    if (a < i && i < b) return dir < 0 ? a : b;
  }
  return i;
}

/**
 * Cut `text` into runs at every mark boundary. Runs cover the whole text in order, without gaps;
 * runs with no marks are plain text. Empty or out-of-range marks are dropped.
 */
export function runsOf(text: string, marks: readonly Mark[]): Run[] {
  const n = text.length;
  const clean: Mark[] = [];
  for (const m of marks) {
    if (!Number.isFinite(m.start) || !Number.isFinite(m.end)) continue;
    const start = snapToCharacter(text, Math.max(0, Math.min(n, Math.floor(m.start))), -1);
    const end = snapToCharacter(text, Math.max(0, Math.min(n, Math.floor(m.end))), 1);
    if (end > start) clean.push(start === m.start && end === m.end ? m : { ...m, start, end });
  }
  const cuts = new Set<number>([0, n]);
  for (const m of clean) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const at = [...cuts].sort((a, b) => a - b);
  // one sweep: marks enter at their start and leave at their end (a text may hold thousands of
  // marks; filtering all of them per run would be quadratic)
  const order = clean.map((_, i) => i).sort((a, b) => clean[a].start - clean[b].start || a - b);
  let next = 0;
  let active: number[] = [];
  const runs: Run[] = [];
  for (let i = 0; i + 1 < at.length; i++) {
    const start = at[i];
    const end = at[i + 1];
    if (active.length) active = active.filter((k) => clean[k].end > start);
    let added = false;
    while (next < order.length && clean[order[next]].start <= start) {
      active.push(order[next++]);
      added = true;
    }
    if (added) active.sort((a, b) => a - b); // marks in the order given
    runs.push({ start, end, marks: active.map((k) => clean[k]) });
  }
  return runs;
}

/**
 * The span marks under a caret at `pos`, innermost (shortest) first. A caret right after a span's
 * last character still counts as inside it ("car|"), so clicking at a word's end selects it.
 */
export function spansAt(marks: readonly Mark[], pos: number): Mark[] {
  return marks.filter((m) => m.kind === 'span' && m.start <= pos && pos <= m.end).sort((a, b) => a.end - a.start - (b.end - b.start));
}

/** The marks of `kind` that overlap [from, to) (or contain the caret when from === to). */
export function marksIn(marks: readonly Mark[], kind: MarkKind, from: number, to: number): Mark[] {
  return marks.filter((m) => m.kind === kind && (from === to ? m.start <= from && from <= m.end : m.start < to && from < m.end));
}
