/**
 * KITTI tracking labels (`label_02/<sequence>.txt`, one file per sequence): one object per line,
 * 17 space-separated columns, 18 in the results format (the tracker's score last):
 *
 *   frame track_id type truncated occluded alpha left top right bottom h w l x y z rotation_y [score]
 *
 * Differences from the object labels (labels.ts), from the tracking devkit readme (FORMATS.md §2.2):
 * - `frame` is the 0-based frame index in the sequence; `track_id` identifies one object across
 *   the sequence, −1 for DontCare;
 * - `truncated` is an integer level 0/1/2 (−1 for DontCare), not a fraction;
 * - KITTI's ground truth prints every real-valued column with `%f` (6 decimals), e.g.
 *   `0 0 Van 0 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488`
 *   and DontCare rows as `0 -1 DontCare -1 -1 -10.000000 219.310000 … -1000.000000 -1000.000000 -1000.000000 -10.000000 -1.000000 -1.000000 -1.000000`
 *   (sizes −1000, location (−10, −1, −1), rotation_y −1: the tracking benchmark's sentinels).
 * Units and frames as in the object labels: pixels for the box, metres and the rectified camera-0
 * frame (bottom-face centre) for the 3D box, radians for alpha and rotation_y.
 */
import { KittiFormatError } from './errors';
import type { KittiLabel } from './labels';

export interface KittiTrackingLabel extends KittiLabel {
  /** 0-based frame index within the sequence. */
  frame: number;
  /** Track id, stable across the sequence; −1 for DontCare. */
  trackId: number;
}

export const KITTI_TRACKING_COLUMN_NAMES = [
  'frame', 'track_id', 'type', 'truncated', 'occluded', 'alpha', 'bbox.left', 'bbox.top', 'bbox.right', 'bbox.bottom',
  'dimensions.h', 'dimensions.w', 'dimensions.l', 'location.x', 'location.y', 'location.z', 'rotation_y', 'score',
] as const;

/** The tracking benchmark's DontCare sentinels (as its ground truth writes them). */
export const KITTI_TRACKING_DONTCARE = {
  truncated: -1,
  occluded: -1,
  alpha: -10,
  dimensions: { h: -1000, w: -1000, l: -1000 },
  location: { x: -10, y: -1, z: -1 },
  rotationY: -1,
} as const;

/** Strict decimal/exponent number (rejects "", "1.2.3", "nan", "0x10"). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/**
 * Parse a tracking label file. Throws {@link KittiFormatError} naming `file`, the 1-based line and
 * the column (number and name) for: a row with other than 17/18 columns, a non-number, a
 * non-integer or negative frame, a non-integer track id below −1, −1 on a type other than
 * DontCare, a non-integer truncated/occluded level, or a numeric type.
 */
export function parseKittiTrackingLabels(text: string, file: string): KittiTrackingLabel[] {
  const out: KittiTrackingLabel[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed) return;
    const cols = trimmed.split(/\s+/);
    if (cols.length !== 17 && cols.length !== 18)
      throw new KittiFormatError(file, `expected 17 columns (18 with a score), found ${cols.length}`, line);
    const col = (j: number) => `column ${j + 1} (${KITTI_TRACKING_COLUMN_NAMES[j]})`;
    const num = (j: number): number => {
      if (!NUMBER.test(cols[j])) throw new KittiFormatError(file, `"${cols[j]}" is not a number`, line, col(j));
      // "1e309" matches NUMBER but is Infinity, which no box can hold
      if (!Number.isFinite(Number(cols[j]))) throw new KittiFormatError(file, `"${cols[j]}" is out of range (not a finite number)`, line, col(j));
      return Number(cols[j]);
    };
    const int = (j: number, min: number): number => {
      if (!INTEGER.test(cols[j])) throw new KittiFormatError(file, `"${cols[j]}" is not an integer`, line, col(j));
      const v = Number(cols[j]);
      if (v < min) throw new KittiFormatError(file, `${v} is below ${min}`, line, col(j));
      return v;
    };
    const frame = int(0, 0);
    const trackId = int(1, -1);
    const type = cols[2];
    if (NUMBER.test(type)) throw new KittiFormatError(file, `must be the object type, found "${type}"`, line, col(2));
    if (trackId === -1 && type !== 'DontCare') throw new KittiFormatError(file, `track id −1 is reserved for DontCare, found on ${type}`, line, col(1));
    const truncated = int(3, -1);
    const occluded = int(4, -1);
    const n = cols.map((_, j) => (j >= 5 ? num(j) : NaN));
    const label: KittiTrackingLabel = {
      frame,
      trackId,
      type,
      truncated,
      occluded,
      alpha: n[5],
      bbox: { left: n[6], top: n[7], right: n[8], bottom: n[9] },
      dimensions: { h: n[10], w: n[11], l: n[12] },
      location: { x: n[13], y: n[14], z: n[15] },
      rotationY: n[16],
    };
    if (cols.length === 18) label.score = n[17];
    out.push(label);
  });
  return out;
}

/** `%f` as C prints it (6 decimals), without a negative zero ("-0.000000" → "0.000000"). */
const f6 = (v: number): string => {
  const s = v.toFixed(6);
  return s === '-0.000000' ? '0.000000' : s;
};
const int = (v: number): string => String(Math.round(v) || 0);

/**
 * Print tracking labels as KITTI's ground truth does: frame, track id, truncated and occluded as
 * integers, every other number with `%f` (6 decimals), the score (results format) too. One row per
 * line in the order given, trailing newline.
 */
export function formatKittiTrackingLabels(rows: readonly KittiTrackingLabel[]): string {
  return rows
    .map((r) => {
      const cols = [
        int(r.frame), int(r.trackId), r.type, int(r.truncated), int(r.occluded), f6(r.alpha),
        f6(r.bbox.left), f6(r.bbox.top), f6(r.bbox.right), f6(r.bbox.bottom),
        f6(r.dimensions.h), f6(r.dimensions.w), f6(r.dimensions.l),
        f6(r.location.x), f6(r.location.y), f6(r.location.z),
        f6(r.rotationY),
      ];
      if (r.score !== undefined) cols.push(f6(r.score));
      return cols.join(' ') + '\n';
    })
    .join('');
}
