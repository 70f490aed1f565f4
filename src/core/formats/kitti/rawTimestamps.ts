/**
 * KITTI raw `<sensor>/timestamps.txt`: one line per frame (line i+1 = frame i), local wall-clock time
 * `YYYY-MM-DD HH:MM:SS.fffffffff` (nanosecond digits). Times are kept exact as strings and turned into
 * seconds as (whole seconds since a shared origin) + fraction, so nanoseconds survive float64.
 */
import { KittiFormatError } from './errors';

export interface KittiRawTimestamp {
  /** The line as written, e.g. "2011-09-26 13:02:25.964389445". */
  text: string;
  /** Whole seconds since 1970 (the wall-clock time read as UTC; only differences matter). */
  whole: number;
  /** Fraction of a second, [0, 1). */
  frac: number;
  line: number;
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/**
 * Parse a timestamps file. Throws {@link KittiFormatError} naming the file and line on a malformed
 * line, and when a timestamp is earlier than the one before it (timestamps that go backwards).
 */
export function parseKittiRawTimestamps(text: string, file: string): KittiRawTimestamp[] {
  const out: KittiRawTimestamp[] = [];
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  lines.forEach((raw, i) => {
    const s = raw.trim();
    const m = STAMP.exec(s);
    if (!m) throw new KittiFormatError(file, `malformed timestamp ${JSON.stringify(s.slice(0, 40))} (expected YYYY-MM-DD HH:MM:SS.fffffffff)`, i + 1);
    const [, y, mo, d, h, mi, se, f] = m;
    const whole = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se) / 1000;
    const stamp: KittiRawTimestamp = { text: s, whole, frac: f ? Number(`0.${f}`) : 0, line: i + 1 };
    const prev = out[out.length - 1];
    if (prev && (stamp.whole < prev.whole || (stamp.whole === prev.whole && stamp.frac < prev.frac)))
      throw new KittiFormatError(file, `timestamps go backwards: ${stamp.text} is earlier than line ${prev.line} (${prev.text})`, i + 1);
    out.push(stamp);
  });
  return out;
}

/** Seconds of `s` after `origin` (whole seconds), exact to the nanosecond digits for spans of days. */
export const secondsSince = (s: KittiRawTimestamp, origin: number): number => s.whole - origin + s.frac;
