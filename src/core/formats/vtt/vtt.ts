/**
 * WebVTT subtitles/transcripts (FORMATS.md §8): a `WEBVTT` header line, then blocks separated by
 * blank lines. A cue is `[id]\n[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm [settings]\ntext…`; `NOTE`, `STYLE`
 * and `REGION` blocks are skipped. A `<v Speaker>` voice span at the start of the text gives the
 * speaker. Cue times are seconds from the start of the media file.
 *
 * Word timings (whisper's `word_timestamps`, kept in a segment's `metadata.words`) are WebVTT cue
 * timestamps: `<HH:MM:SS.mmm>` inside the cue text where each word after the first starts (the
 * first starts with the cue), as the WebVTT spec's karaoke-style cues do. The tag goes exactly where
 * the word's string begins in the text — before whisper's leading space (`And<00:00:00.560> so`) —
 * so reading the cue back gives the same word strings and, joined, the same text. What a timestamp
 * cannot say is counted in the export summary: a word's end (read back as the next word's start, the
 * last word's as the cue's end) and its probability.
 *
 * Cue text is data (issue #15: byte for byte): `&`, `<`, `>` are escaped on export and character
 * references decoded on import, nothing else is touched — leading spaces, right-to-left text,
 * combining marks and emoji pass through. Only what a cue cannot hold is changed, and counted: a
 * blank line (it would end the cue) is collapsed, line breaks at the ends are dropped.
 */
import type { Scene, TimeSegment } from '../../schema';
import type { ExportSummary } from '../common';
import { mediaOrigin, segmentsOf, type FileSegment } from '../rttm/segments';
import { addTimedSegments } from '../timedText/addTimedSegments';
import type { WordTiming } from '../timedText/segment';
import { printable } from '../printable';

/** Error naming the file and 1-based line. */
export class VttFormatError extends Error {
  constructor(readonly file: string, readonly line: number, readonly problem: string) {
    super(printable(`${file}:${line}: ${problem}`));
    this.name = 'VttFormatError';
  }
}

export interface VttCue {
  id?: string;
  /** Seconds from the start of the file. */
  start: number;
  end: number;
  /** Cue settings after the end time, verbatim (e.g. `align:start position:10%`). */
  settings?: string;
  /** Speaker from a leading `<v Speaker>` span. */
  voice?: string;
  /** Plain text: markup tags removed, character references decoded, lines joined by `\n`. */
  text: string;
  /**
   * Present when the cue text has timestamp tags: its text cut at each of them. A word starts at the
   * timestamp before it (the first at the cue's start) and ends where the next starts (the last at
   * the cue's end); the words joined are `text`.
   */
  words?: VttWord[];
  /** 1-based line of the timing line. */
  line: number;
}

/** A piece of cue text between two timestamp tags, with its times in file seconds. */
export interface VttWord {
  word: string;
  start: number;
  end: number;
}

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f', quot: '"', apos: "'" };

/** Parse `[HH:]MM:SS.mmm` to seconds, or undefined when malformed. */
export function parseVttTime(s: string): number | undefined {
  const m = TIMESTAMP.exec(s);
  if (!m) return undefined;
  return (Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3])) + Number(m[4]) / 1000;
}

/** Format seconds (>= 0) as `HH:MM:SS.mmm`, rounded to the millisecond. */
export function formatVttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (v: number, n = 2): string => String(v).padStart(n, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/**
 * A numeric character reference's character. As HTML (whose character references WebVTT uses) does,
 * a code point that is not a Unicode scalar value — beyond U+10FFFF, a surrogate, or 0 — becomes
 * U+FFFD: `&#1114112;` threw RangeError: Invalid code point (found by fuzzing).
 */
const charOf = (code: number): string => (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd');

const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (all, e: string) =>
    e[0] === '#' ? charOf(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITIES[e] ?? all),
  );
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A cue's raw payload → plain text (tags removed, character references decoded piece by piece) and,
 * when it has timestamp tags, the words they delimit.
 */
function readPayload(raw: string, start: number, end: number): { text: string; words?: VttWord[] } {
  let text = '';
  const marks: { pos: number; t: number }[] = [];
  const tag = /<([^>]*)>/g;
  let last = 0;
  for (let m = tag.exec(raw); m; m = tag.exec(raw)) {
    text += decode(raw.slice(last, m.index));
    last = tag.lastIndex;
    const t = parseVttTime(m[1]);
    if (t !== undefined) marks.push({ pos: text.length, t });
  }
  text += decode(raw.slice(last));
  if (!marks.length) return { text };
  const bounds = [{ pos: 0, t: start }, ...marks];
  const pieces = bounds
    .map((b, k) => ({ word: text.slice(b.pos, bounds[k + 1]?.pos ?? text.length), start: b.t }))
    .filter((p) => p.word !== ''); // text that starts with a timestamp, or two timestamps in a row
  return { text, words: pieces.map((p, k) => ({ ...p, end: pieces[k + 1]?.start ?? end })) };
}

/** Parse WebVTT text. Malformed headers, timing lines and timestamps throw `file:line: problem`. */
export function parseVtt(text: string, file: string): VttCue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw new VttFormatError(file, 1, 'a WebVTT file starts with the line "WEBVTT"');
  let i = 1;
  while (i < lines.length && lines[i] !== '') i++; // header lines
  const cues: VttCue[] = [];
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    const first = i;
    const block: string[] = [];
    while (i < lines.length && lines[i].trim() !== '') block.push(lines[i++]);
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0]) && !block[0].includes('-->')) continue;
    const t = block[0].includes('-->') ? 0 : 1;
    if (t === 1 && !block[1]?.includes('-->')) throw new VttFormatError(file, first + 1, `expected a cue timing line "start --> end" ${block.length > 1 ? `after the cue id` : 'here'}`);
    const line = first + t + 1;
    const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(block[t].trim());
    if (!m) throw new VttFormatError(file, line, `malformed cue timing line ${JSON.stringify(block[t])}`);
    const [start, end] = [m[1], m[2]].map((s) => {
      const v = parseVttTime(s);
      if (v === undefined) throw new VttFormatError(file, line, `malformed timestamp ${JSON.stringify(s)} (expected [HH:]MM:SS.mmm)`);
      return v;
    });
    if (end < start) throw new VttFormatError(file, line, `cue ends (${m[2]}) before it starts (${m[1]})`);
    const raw = block.slice(t + 1).join('\n');
    const voice = /^<v(?:\.[^\s>]*)?[ \t]+([^>]+)>/.exec(raw);
    const payload = readPayload(raw, start, end);
    const cue: VttCue = { start, end, text: payload.text, line };
    if (t === 1) cue.id = block[0];
    if (m[3]) cue.settings = m[3].trim();
    if (voice) cue.voice = decode(voice[1].trim());
    if (payload.words) cue.words = payload.words;
    cues.push(cue);
  }
  return cues;
}

/** A cue as a segment in file seconds: speaker = voice, text = plain text, its timestamped words, its line. */
export type VttSegment = FileSegment & { words?: WordTiming[]; line: number };

/** Cues → segments in file seconds (speaker = voice, text = plain text, words from timestamp tags). */
export function vttToSegments(cues: readonly VttCue[]): VttSegment[] {
  return cues.map((c) => {
    const s: VttSegment = { start: c.start, end: c.end, text: c.text, line: c.line };
    if (c.voice !== undefined) s.speaker = c.voice;
    if (c.words) s.words = c.words.map((w) => ({ ...w }));
    return s;
  });
}

/**
 * Add cues to a copy of `scene` as timeSegments with text (and speaker) on `sensor`, word timings in
 * `metadata.words` (scene seconds), through the same step as every timed-text import (timedText).
 */
export function importVtt(scene: Scene, cues: readonly VttCue[], opts: { sensor: string; origin?: number; classId?: string; file?: string }): { scene: Scene; summary: ExportSummary } {
  const r = addTimedSegments(scene, vttToSegments(cues), { ...opts, file: opts.file ?? 'WebVTT', prefix: 'vtt' });
  return { scene: r.scene, summary: r.summary };
}

/** A segment's word timings (`metadata.words`), or undefined when it has none in that shape. */
export function segmentWords(s: Pick<TimeSegment, 'metadata'>): WordTiming[] | undefined {
  const words = s.metadata?.words;
  if (!Array.isArray(words) || !words.length) return undefined;
  const ok = words.every((w) => typeof w === 'object' && w !== null && typeof (w as WordTiming).word === 'string' && ['start', 'end', 'probability'].every((k) => (w as Record<string, unknown>)[k] === undefined || typeof (w as Record<string, unknown>)[k] === 'number'));
  return ok ? (words as WordTiming[]) : undefined;
}

/**
 * Cue text as a cue can hold it: CR/CRLF → LF, blank lines collapsed (a blank line would end the
 * cue), blank lines at the ends dropped. Shared by the SRT writer.
 */
export function cueText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n\s*\n/g, '\n').replace(/^\s*\n/, '').replace(/\n\s*$/, '');
}

/** Where each word begins in `body`, searched in order (the word as written, else without its surrounding spaces); undefined when a word is not there. */
function wordPositions(body: string, words: readonly WordTiming[]): number[] | undefined {
  const out: number[] = [];
  let cursor = 0;
  for (const w of words) {
    let at = w.word === '' ? -1 : body.indexOf(w.word, cursor);
    let len = w.word.length;
    if (at < 0 && w.word.trim() !== '') {
      at = body.indexOf(w.word.trim(), cursor);
      len = w.word.trim().length;
    }
    if (at < 0) return undefined;
    out.push(at);
    cursor = at + len;
  }
  return out;
}

const ms = (t: number): number => Math.round(t * 1000) / 1000;

interface WordTally {
  notInText: number;
  untimed: number;
  moved: number;
  ends: number;
  firstStart: number;
  probability: number;
}

/**
 * The cue payload for `body` with a timestamp tag where each timed word after the first begins.
 * `cueStart`/`cueEnd` and the word times are file seconds; a time outside the cue or before the
 * previous one is moved into place (WebVTT requires timestamps inside the cue, in order).
 */
function timedPayload(body: string, words: readonly WordTiming[] | undefined, origin: number, cueStart: number, cueEnd: number, tally: WordTally): string {
  if (!words) return escape(body);
  const at = wordPositions(body, words);
  if (!at) {
    tally.notInText += words.length;
    return escape(body);
  }
  let out = '';
  let last = 0;
  let prev = cueStart;
  const placed: { start: number; end?: number }[] = [];
  words.forEach((w, k) => {
    if (w.start === undefined) {
      tally.untimed++;
      return;
    }
    if (w.probability !== undefined) tally.probability++;
    const want = ms(w.start - origin);
    if (k === 0 || at[k] === 0) {
      if (Math.abs(want - cueStart) > 5e-4) tally.firstStart++;
      placed.push({ start: cueStart, end: w.end === undefined ? undefined : ms(w.end - origin) });
      return;
    }
    const t = Math.min(cueEnd, Math.max(prev, want));
    if (Math.abs(t - want) > 5e-4) tally.moved++;
    prev = t;
    out += escape(body.slice(last, at[k])) + `<${formatVttTime(t)}>`;
    last = at[k];
    placed.push({ start: t, end: w.end === undefined ? undefined : ms(w.end - origin) });
  });
  // a word is read back as ending where the next one starts (the last where the cue ends)
  placed.forEach((p, k) => {
    if (p.end !== undefined && Math.abs(p.end - (placed[k + 1]?.start ?? cueEnd)) > 5e-4) tally.ends++;
  });
  return out + escape(body.slice(last));
}

/**
 * Scene → WebVTT for one audio/video sensor: one cue per timeSegment with text, sorted by start,
 * cue id = annotation id, times relative to `origin` (default the sensor's first sample `t`) as
 * `HH:MM:SS.mmm`, `<v Speaker>` when the segment has a speaker, word timings as cue timestamps
 * (module comment). Text is escaped (& < >) and otherwise kept (see `cueText`). Segments without
 * text or starting before the origin, and what the cue timestamps cannot say, are counted in
 * `summary.dropped`.
 */
export function exportVtt(scene: Scene, sensor: string, opts: { origin?: number } = {}): { text: string; summary: ExportSummary } {
  const origin = mediaOrigin(scene, sensor, opts.origin);
  const summary: ExportSummary = { written: { cues: 0 }, dropped: [] };
  let noText = 0;
  let early = 0;
  let reshaped = 0;
  const tally: WordTally = { notInText: 0, untimed: 0, moved: 0, ends: 0, firstStart: 0, probability: 0 };
  let out = 'WEBVTT\n';
  for (const s of segmentsOf(scene, sensor)) {
    if (!s.text || s.text.trim() === '') {
      noText++;
      continue;
    }
    if (s.start - origin < -0.0005) {
      early++;
      continue;
    }
    const body = cueText(s.text);
    if (body !== s.text) reshaped++;
    const [start, end] = [ms(Math.max(0, s.start - origin)), ms(s.end - origin)];
    const words = segmentWords(s);
    if (words) summary.written.words = (summary.written.words ?? 0) + words.length;
    const voice = s.speaker ? `<v ${escape(s.speaker)}>` : '';
    out += `\n${s.id}\n${formatVttTime(start)} --> ${formatVttTime(end)}\n${voice}${timedPayload(body, words, origin, start, end, tally)}\n`;
    summary.written.cues++;
  }
  const drop = (what: string, count: number, reason: string) => count > 0 && summary.dropped.push({ what, count, reason });
  drop('timeSegment', noText, 'a WebVTT cue needs text');
  drop('timeSegment', early, 'starts before the media file (negative cue time)');
  drop('line break', reshaped, 'a blank line ends a WebVTT cue: blank lines inside a text are collapsed, line breaks at its ends dropped');
  drop('word timing', tally.notInText, "the segment's words do not spell its text, so they have no place in the cue text");
  drop('word timing', tally.untimed, 'a word without a start time has no timestamp (it is read back as part of the word before it)');
  drop('word start time', tally.firstStart, 'the first word of a cue starts with the cue');
  drop('word start time', tally.moved, 'outside its cue or before the previous word: moved into place (WebVTT timestamps lie inside the cue, in order)');
  drop('word end time', tally.ends, 'a WebVTT timestamp marks where a word starts: it is read back as ending where the next word starts (the last where the cue ends)');
  drop('word probability', tally.probability, 'WebVTT has no field for a word\'s confidence');
  return { text: out, summary };
}
