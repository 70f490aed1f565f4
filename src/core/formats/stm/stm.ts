/**
 * NIST STM segment time marks (the reference transcript format of NIST sclite / asclite):
 * one segment per line, `<file> <channel> <speaker> <begin s> <end s> [<label>] transcript…`,
 * fields separated by spaces or tabs; `;;` starts a comment line (sclite's `;; CATEGORY` /
 * `;; LABEL` headers included). The optional label is one `<…>` token of comma-separated
 * values, e.g. `<o,f0,male>`. Times are seconds from the start of the file.
 *
 * The transcript is everything after the last field's separator up to the end of the line, kept
 * byte for byte (case, script, code-switching, punctuation — issue #15); only the line end is
 * removed. sclite's markers are kept too: `ignore_time_segment_in_scoring` stays as the text;
 * the speakers `inter_segment_gap` and `excluded_region` mark non-speech and are reported by
 * `stmToSegments`, not turned into speakers.
 */
import { printable } from '../printable';

/** Error naming the file and 1-based line. */
export class StmFormatError extends Error {
  constructor(readonly file: string, readonly line: number, readonly problem: string) {
    super(printable(`${file}:${line}: ${problem}`));
    this.name = 'StmFormatError';
  }
}

export interface StmSegment {
  /** Waveform file name (field 1). */
  file: string;
  /** Channel as written (`1`, `A`, …). */
  channel: string;
  speaker: string;
  /** Seconds from the start of the file. */
  start: number;
  end: number;
  /** The `<…>` label token as written (brackets included), when present. */
  label?: string;
  /** Transcript, exactly as written (may be empty). */
  text: string;
  /** 1-based source line. */
  line: number;
}

/** Speakers sclite uses to mark regions that are not speech. */
export const STM_NON_SPEECH = ['inter_segment_gap', 'excluded_region'] as const;

const FIELD = /^[ \t]*(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+|$)/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parse STM text. Lines with fewer than five fields, bad times or an unclosed label throw `file:line: problem`. */
export function parseStm(text: string, file: string): StmSegment[] {
  const out: StmSegment[] = [];
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith(';;')) return;
    const m = FIELD.exec(raw);
    if (!m) throw new StmFormatError(file, line, `an STM line has at least 5 fields (file channel speaker begin end [<label>] transcript), found ${raw.trim().split(/[ \t]+/).length}`);
    const time = (s: string, name: string): number => {
      if (!NUMBER.test(s)) throw new StmFormatError(file, line, `${name} time is not a number: ${JSON.stringify(s)}`);
      return Number(s);
    };
    const start = time(m[4], 'begin');
    const end = time(m[5], 'end');
    if (start < 0) throw new StmFormatError(file, line, `begin time must be >= 0, found ${m[4]}`);
    if (end < start) throw new StmFormatError(file, line, `segment ends (${m[5]}) before it begins (${m[4]})`);
    let rest = raw.slice(m[0].length);
    let label: string | undefined;
    if (rest.startsWith('<')) {
      const close = rest.indexOf('>');
      if (close < 0) throw new StmFormatError(file, line, `label ${JSON.stringify(rest.split(/[ \t]/)[0])} has no closing ">"`);
      label = rest.slice(0, close + 1);
      if (/[ \t]/.test(label)) throw new StmFormatError(file, line, `label ${JSON.stringify(label)} contains a space (expected <value,value,…>)`);
      rest = rest.slice(close + 1).replace(/^[ \t]+/, '');
    }
    const seg: StmSegment = { file: m[1], channel: m[2], speaker: m[3], start, end, text: rest, line };
    if (label !== undefined) seg.label = label;
    out.push(seg);
  });
  return out;
}
