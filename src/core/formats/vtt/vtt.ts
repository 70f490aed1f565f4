/**
 * WebVTT subtitles/transcripts (FORMATS.md §8): a `WEBVTT` header line, then blocks separated by
 * blank lines. A cue is `[id]\n[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm [settings]\ntext…`; `NOTE`, `STYLE`
 * and `REGION` blocks are skipped. A `<v Speaker>` voice span at the start of the text gives the
 * speaker. Cue times are seconds from the start of the media file.
 */
import type { Scene } from '../../schema';
import type { ExportSummary } from '../common';
import { addTimeSegments, mediaOrigin, segmentsOf, type FileSegment } from '../rttm/segments';

/** Error naming the file and 1-based line. */
export class VttFormatError extends Error {
  constructor(readonly file: string, readonly line: number, readonly problem: string) {
    super(`${file}:${line}: ${problem}`);
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
  /** 1-based line of the timing line. */
  line: number;
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

const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (all, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITIES[e] ?? all),
  );
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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
    const cue: VttCue = { start, end, text: decode(raw.replace(/<[^>]*>/g, '')), line };
    if (t === 1) cue.id = block[0];
    if (m[3]) cue.settings = m[3].trim();
    if (voice) cue.voice = decode(voice[1].trim());
    cues.push(cue);
  }
  return cues;
}

/** Cues → segments in file seconds (speaker = voice, text = plain text). */
export function vttToSegments(cues: readonly VttCue[]): FileSegment[] {
  return cues.map((c) => {
    const s: FileSegment = { start: c.start, end: c.end, text: c.text };
    if (c.voice !== undefined) s.speaker = c.voice;
    return s;
  });
}

/** Add cues to a copy of `scene` as timeSegments with text (and speaker) on `sensor`. */
export function importVtt(scene: Scene, cues: readonly VttCue[], opts: { sensor: string; origin?: number; classId?: string }): { scene: Scene; summary: ExportSummary } {
  return addTimeSegments(scene, vttToSegments(cues), { ...opts, prefix: 'vtt' });
}

/**
 * Scene → WebVTT for one audio/video sensor: one cue per timeSegment with text, sorted by start,
 * cue id = annotation id, times relative to `origin` (default the sensor's first sample `t`) as
 * `HH:MM:SS.mmm`, `<v Speaker>` when the segment has a speaker. Text is escaped (& < >) and blank
 * lines inside it are collapsed (a blank line would end the cue). Segments without text or
 * starting before the origin are counted in `summary.dropped`.
 */
export function exportVtt(scene: Scene, sensor: string, opts: { origin?: number } = {}): { text: string; summary: ExportSummary } {
  const origin = mediaOrigin(scene, sensor, opts.origin);
  const summary: ExportSummary = { written: { cues: 0 }, dropped: [] };
  let noText = 0;
  let early = 0;
  let out = 'WEBVTT\n';
  for (const s of segmentsOf(scene, sensor)) {
    if (!s.text) {
      noText++;
      continue;
    }
    if (s.start - origin < -0.0005) {
      early++;
      continue;
    }
    const body = escape(s.text.replace(/\r\n?/g, '\n').replace(/\n\s*\n/g, '\n').trim());
    const voice = s.speaker ? `<v ${escape(s.speaker)}>` : '';
    out += `\n${s.id}\n${formatVttTime(Math.max(0, s.start - origin))} --> ${formatVttTime(s.end - origin)}\n${voice}${body}\n`;
    summary.written.cues++;
  }
  if (noText > 0) summary.dropped.push({ what: 'timeSegment', count: noText, reason: 'a WebVTT cue needs text' });
  if (early > 0) summary.dropped.push({ what: 'timeSegment', count: early, reason: 'starts before the media file (negative cue time)' });
  return { text: out, summary };
}
