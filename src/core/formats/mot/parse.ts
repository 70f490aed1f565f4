/**
 * MOTChallenge / ByteTrack text (FORMATS.md §7): one CSV line per box,
 * `<frame>,<id>,<bb_left>,<bb_top>,<bb_width>,<bb_height>,<conf>,<x>,<y>,<z>`.
 * Frames are 1-based; boxes are top-left + width/height in pixels.
 * - `mot`: 7 to 10 columns. 9 columns is the MOT16/17/20 `gt.txt` form
 *   (conf/consider flag, class, visibility); 10 columns carries world x, y, z (−1 when unknown).
 *   `det.txt` rows use id −1.
 * - `bytetrack`: exactly `{frame},{id},{x1},{y1},{w},{h},{s},-1,-1,-1` (ByteTrack `write_results`).
 */
import { printable } from '../printable';

/** Error naming the file and 1-based line. */
export class MotFormatError extends Error {
  constructor(readonly file: string, readonly line: number, readonly problem: string) {
    super(printable(`${file}:${line}: ${problem}`));
    this.name = 'MotFormatError';
  }
}

export type MotFlavour = 'mot' | 'bytetrack';

/** One box. `frame` is 1-based; x, y, w, h in pixels (x, y = top-left). */
export interface MotRow {
  frame: number;
  /** Track id; −1 for untracked detections. */
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Detection confidence (ByteTrack score), or the gt "consider" flag. */
  conf: number;
  /** MOT16+ gt: class number (column 8 of 9). */
  classNumber?: number;
  /** MOT16+ gt: visibility ratio 0..1 (column 9 of 9). */
  visibility?: number;
  /** World coordinates (columns 8..10), absent when all −1. */
  world?: { x: number; y: number; z: number };
  /** 1-based source line, for messages. */
  line: number;
}

const COLUMN = ['frame', 'id', 'bb_left', 'bb_top', 'bb_width', 'bb_height', 'conf', 'x', 'y', 'z'];

/** Parse MOT or ByteTrack text. Blank lines are skipped; anything else malformed throws `file:line: problem`. */
export function parseMot(text: string, file: string, opts: { format: MotFlavour } = { format: 'mot' }): MotRow[] {
  const rows: MotRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (s === '') return;
    const cells = s.split(',').map((c) => c.trim());
    const n = cells.length;
    if (opts.format === 'bytetrack' ? n !== 10 : n < 7 || n > 10) {
      throw new MotFormatError(file, line, `expected ${opts.format === 'bytetrack' ? '10' : '7 to 10'} comma-separated columns, found ${n}`);
    }
    const v = cells.map((c, k) => {
      const x = c === '' ? NaN : Number(c);
      if (!Number.isFinite(x)) throw new MotFormatError(file, line, `column ${k + 1} (${COLUMN[k]}) is not a number: ${JSON.stringify(c)}`);
      return x;
    });
    if (!Number.isInteger(v[0]) || v[0] < 1) throw new MotFormatError(file, line, `frame must be an integer >= 1 (MOT frames are 1-based), found ${cells[0]}`);
    if (!Number.isInteger(v[1])) throw new MotFormatError(file, line, `id must be an integer, found ${cells[1]}`);
    if (v[4] < 0 || v[5] < 0) throw new MotFormatError(file, line, `box width and height must be >= 0, found ${cells[4]} x ${cells[5]}`);
    const row: MotRow = { frame: v[0], id: v[1], x: v[2], y: v[3], w: v[4], h: v[5], conf: v[6], line };
    if (opts.format === 'mot' && n === 9) {
      row.classNumber = v[7];
      row.visibility = v[8];
    } else if (n === 10 && !(v[7] === -1 && v[8] === -1 && v[9] === -1)) {
      row.world = { x: v[7], y: v[8], z: v[9] };
    }
    rows.push(row);
  });
  return rows;
}
