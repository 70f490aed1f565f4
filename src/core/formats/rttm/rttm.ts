/**
 * NIST RTTM speaker turns (FORMATS.md §8): 10 space-separated fields,
 * `SPEAKER <file-id> <chan=1> <onset s> <duration s> <NA> <NA> <speaker> <NA> <NA>`.
 * Onsets are seconds from the start of the file.
 */
import type { Scene } from '../../schema';
import type { ExportSummary } from '../common';
import { addTimeSegments, mediaOrigin, segmentsOf, type FileSegment } from './segments';
import { printable } from '../printable';

/** Error naming the file and 1-based line. */
export class RttmFormatError extends Error {
  constructor(readonly file: string, readonly line: number, readonly problem: string) {
    super(printable(`${file}:${line}: ${problem}`));
    this.name = 'RttmFormatError';
  }
}

/** One SPEAKER turn. */
export interface RttmTurn {
  fileId: string;
  channel: number;
  /** Seconds from the start of the file. */
  onset: number;
  duration: number;
  speaker: string;
  /** 1-based source line. */
  line: number;
}

/** The RTTM record types (NIST RT-09 evaluation plan, appendix A); only SPEAKER is read. */
const RECORD_TYPES = new Set(['SEGMENT', 'NOSCORE', 'NO_RT_METADATA', 'LEXEME', 'NON-LEX', 'NON-SPEECH', 'FILLER', 'EDIT', 'IP', 'SU', 'CB', 'A/P', 'SPEAKER', 'SPKR-INFO']);

/**
 * Parse RTTM text. SPEAKER lines become turns; other record types (SPKR-INFO, LEXEME, …) and
 * `;;` comment lines are skipped; blank lines are ignored. Malformed SPEAKER lines and lines that are
 * no record type at all throw `file:line: problem` (skipping those silently lost turns: a stray byte
 * before "SPEAKER" dropped the line without a word — found by fuzzing).
 */
export function parseRttm(text: string, file: string): RttmTurn[] {
  const turns: RttmTurn[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const f = raw.trim().split(/\s+/);
    if (f[0] === '' || f[0].startsWith(';;')) return;
    if (!RECORD_TYPES.has(f[0])) throw new RttmFormatError(file, line, `unknown record type ${JSON.stringify(f[0].slice(0, 40))} (an RTTM line starts with SPEAKER, SPKR-INFO, LEXEME, … or ;; for a comment)`);
    if (f[0] !== 'SPEAKER') return;
    if (f.length !== 10) throw new RttmFormatError(file, line, `a SPEAKER line has 10 space-separated fields, found ${f.length}`);
    const num = (k: number, name: string): number => {
      const v = Number(f[k]);
      if (f[k] === '' || !Number.isFinite(v)) throw new RttmFormatError(file, line, `field ${k + 1} (${name}) is not a number: ${JSON.stringify(f[k])}`);
      return v;
    };
    const channel = num(2, 'channel');
    const onset = num(3, 'onset');
    const duration = num(4, 'duration');
    if (onset < 0) throw new RttmFormatError(file, line, `onset must be >= 0, found ${f[3]}`);
    if (duration < 0) throw new RttmFormatError(file, line, `duration must be >= 0, found ${f[4]}`);
    turns.push({ fileId: f[1], channel, onset, duration, speaker: f[7], line });
  });
  return turns;
}

/** Turns → segments in file seconds (end = onset + duration). */
export function rttmToSegments(turns: readonly RttmTurn[]): FileSegment[] {
  return turns.map((t) => ({ start: t.onset, end: t.onset + t.duration, speaker: t.speaker }));
}

/** Add RTTM turns to a copy of `scene` as speaker timeSegments on `sensor` (see addTimeSegments). */
export function importRttm(scene: Scene, turns: readonly RttmTurn[], opts: { sensor: string; origin?: number; classId?: string }): { scene: Scene; summary: ExportSummary } {
  return addTimeSegments(scene, rttmToSegments(turns), { ...opts, prefix: 'rttm' });
}

/**
 * Scene → RTTM for one audio (or video) sensor: the timeSegments with a speaker, sorted by onset,
 * times relative to `origin` (default the sensor's first sample `t`) with millisecond precision.
 * Segments without a speaker are counted in `summary.dropped`. Speaker labels with whitespace
 * have it replaced by `_` (RTTM fields are space-separated).
 */
export function exportRttm(scene: Scene, audioSensor: string, fileId: string, opts: { origin?: number } = {}): { text: string; summary: ExportSummary } {
  if (/\s/.test(fileId) || fileId === '') throw new Error(`exportRttm: file id ${JSON.stringify(fileId)} must be a non-empty word without spaces`);
  const origin = mediaOrigin(scene, audioSensor, opts.origin);
  const summary: ExportSummary = { written: { turns: 0 }, dropped: [] };
  let unnamed = 0;
  let out = '';
  for (const s of segmentsOf(scene, audioSensor)) {
    if (!s.speaker) {
      unnamed++;
      continue;
    }
    const onset = (s.start - origin).toFixed(3);
    const dur = (s.end - s.start).toFixed(3);
    out += `SPEAKER ${fileId} 1 ${onset} ${dur} <NA> <NA> ${s.speaker.replace(/\s+/g, '_')} <NA> <NA>\n`;
    summary.written.turns++;
  }
  if (unnamed > 0) summary.dropped.push({ what: 'timeSegment', count: unnamed, reason: 'RTTM turns need a speaker label' });
  return { text: out, summary };
}
