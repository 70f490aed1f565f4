/**
 * SubRip subtitles (FORMATS.md §8): blocks separated by blank lines, each
 * `index\nHH:MM:SS,mmm --> HH:MM:SS,mmm [X1:… X2:… Y1:… Y2:…]\ntext…` with a 1-based index.
 * Cue times are seconds from the start of the media file.
 *
 * Reading: a leading byte-order mark is skipped; LF, CRLF and CR line ends are accepted; the index
 * line may be missing (some writers omit it); a period instead of the comma before the
 * milliseconds is accepted (a common slip). The cue text is kept as written — its lines joined
 * by `\n`, markup such as `<i>` or `{\an8}` left in place, nothing re-cased or re-spaced — because
 * a transcript's text is data (issue #15: no normalisation).
 */
import type { Scene } from '../../schema';
import type { ExportSummary } from '../common';
import { mediaOrigin, segmentsOf } from '../rttm/segments';
import { cueText, segmentWords } from '../vtt/vtt';
import { printable } from '../printable';

/** Error naming the file and 1-based line. */
export class SrtFormatError extends Error {
  constructor(readonly file: string, readonly line: number, readonly problem: string) {
    super(printable(`${file}:${line}: ${problem}`));
    this.name = 'SrtFormatError';
  }
}

export interface SrtCue {
  /** The cue number as written, when the block has one. */
  index?: number;
  /** Seconds from the start of the file. */
  start: number;
  end: number;
  /** Anything after the end time (SRT's optional `X1:… Y2:…` box), verbatim. */
  position?: string;
  /** The cue's text lines joined by `\n`, exactly as written. */
  text: string;
  /** 1-based line of the timing line. */
  line: number;
}

const TIMESTAMP = /^(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{3})$/;
const TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$/;

/** Parse `HH:MM:SS,mmm` (also `H:MM:SS.mmm`) to seconds, or undefined when malformed. */
export function parseSrtTime(s: string): number | undefined {
  const m = TIMESTAMP.exec(s);
  if (!m) return undefined;
  // integer milliseconds first, then one division: 00:00:04,260 → 4.26 exactly as a double can hold it
  return (Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000 + Number(m[3]) * 1000 + Number(m[4])) / 1000;
}

/** Format seconds (>= 0) as `HH:MM:SS,mmm`, rounded to the millisecond. */
export function formatSrtTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (v: number, n = 2): string => String(v).padStart(n, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
}

/** Parse SRT text. Malformed blocks, timing lines and timestamps throw `file:line: problem`. */
export function parseSrt(text: string, file: string): SrtCue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const cues: SrtCue[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    const first = i;
    const block: string[] = [];
    while (i < lines.length && lines[i].trim() !== '') block.push(lines[i++]);
    let t = 0;
    let index: number | undefined;
    if (!block[0].includes('-->')) {
      if (!/^\s*\d+\s*$/.test(block[0])) throw new SrtFormatError(file, first + 1, `expected a cue number or a timing line "HH:MM:SS,mmm --> HH:MM:SS,mmm", found ${JSON.stringify(block[0])}`);
      index = Number(block[0].trim());
      t = 1;
      if (block.length < 2 || !block[1].includes('-->')) throw new SrtFormatError(file, first + 2, `cue ${index}: expected a timing line "HH:MM:SS,mmm --> HH:MM:SS,mmm" after the cue number`);
    }
    const line = first + t + 1;
    const m = TIMING.exec(block[t].trim());
    if (!m) throw new SrtFormatError(file, line, `malformed timing line ${JSON.stringify(block[t])}`);
    const [start, end] = [m[1], m[2]].map((s) => {
      const v = parseSrtTime(s);
      if (v === undefined) throw new SrtFormatError(file, line, `malformed timestamp ${JSON.stringify(s)} (expected HH:MM:SS,mmm)`);
      return v;
    });
    if (end < start) throw new SrtFormatError(file, line, `cue ends (${m[2]}) before it starts (${m[1]})`);
    const cue: SrtCue = { start, end, text: block.slice(t + 1).join('\n'), line };
    if (index !== undefined) cue.index = index;
    if (m[3]) cue.position = m[3].trim();
    cues.push(cue);
  }
  return cues;
}

/**
 * Scene → SRT for one audio/video sensor: one cue per timeSegment with text, sorted by start,
 * numbered from 1, times relative to `origin` (default the sensor's first sample `t`) as
 * `HH:MM:SS,mmm`. SRT has no speaker field and no word timestamps: speaker labels and word timings
 * are not written (counted in `summary.dropped`; WebVTT keeps both), nor are segments without text
 * or starting before the origin. The text is written as it is — no escaping, SRT has none — except
 * that blank lines inside it are collapsed and line breaks at its ends dropped (a blank line would
 * end the cue; counted); lines end with `\n` and every cue with a blank line, as ffmpeg writes SRT.
 */
export function exportSrt(scene: Scene, sensor: string, opts: { origin?: number } = {}): { text: string; summary: ExportSummary } {
  const origin = mediaOrigin(scene, sensor, opts.origin);
  const summary: ExportSummary = { written: { cues: 0 }, dropped: [] };
  let noText = 0;
  let early = 0;
  let speakers = 0;
  let words = 0;
  let reshaped = 0;
  const blocks: string[] = [];
  for (const s of segmentsOf(scene, sensor)) {
    if (!s.text || s.text.trim() === '') {
      noText++;
      continue;
    }
    if (s.start - origin < -0.0005) {
      early++;
      continue;
    }
    if (s.speaker) speakers++;
    words += segmentWords(s)?.length ?? 0;
    const body = cueText(s.text);
    if (body !== s.text) reshaped++;
    blocks.push(`${blocks.length + 1}\n${formatSrtTime(Math.max(0, s.start - origin))} --> ${formatSrtTime(s.end - origin)}\n${body}\n\n`);
    summary.written.cues++;
  }
  if (noText > 0) summary.dropped.push({ what: 'timeSegment', count: noText, reason: 'an SRT cue needs text' });
  if (early > 0) summary.dropped.push({ what: 'timeSegment', count: early, reason: 'starts before the media file (negative cue time)' });
  if (speakers > 0) summary.dropped.push({ what: 'speaker label', count: speakers, reason: 'SRT has no speaker field (the cue text is written without it)' });
  if (words > 0) summary.dropped.push({ what: 'word timing', count: words, reason: 'SRT has no word timestamps (WebVTT keeps them)' });
  if (reshaped > 0) summary.dropped.push({ what: 'line break', count: reshaped, reason: 'a blank line ends an SRT cue: blank lines inside a text are collapsed, line breaks at its ends dropped' });
  return { text: blocks.join(''), summary };
}
