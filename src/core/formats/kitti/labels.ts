/**
 * KITTI object labels (`label_2/<frame>.txt`): one object per line, 15 space-separated columns,
 * 16 in the results format (the detector's score last). Units: pixels for `bbox` (0-based,
 * left/top/right/bottom), metres for `dimensions` (h w l) and `location` (bottom-face centre in
 * the rectified camera-0 frame), radians for `alpha` and `rotationY` (about camera Y).
 */
import { KittiFormatError } from './errors';
import { parseNumbers } from './calib';

export interface KittiLabel {
  /** Car, Van, Truck, Pedestrian, Person_sitting, Cyclist, Tram, Misc or DontCare. */
  type: string;
  /** 0 (in the image) … 1 (leaving it); −1 for DontCare. */
  truncated: number;
  /** 0 fully visible, 1 partly occluded, 2 largely occluded, 3 unknown; −1 for DontCare. */
  occluded: number;
  /** Observation angle, [−π, π]. */
  alpha: number;
  bbox: { left: number; top: number; right: number; bottom: number };
  dimensions: { h: number; w: number; l: number };
  location: { x: number; y: number; z: number };
  rotationY: number;
  /** Detector confidence (results format only). */
  score?: number;
}

export const KITTI_COLUMN_NAMES = [
  'type', 'truncated', 'occluded', 'alpha', 'bbox.left', 'bbox.top', 'bbox.right', 'bbox.bottom',
  'dimensions.h', 'dimensions.w', 'dimensions.l', 'location.x', 'location.y', 'location.z', 'rotation_y', 'score',
] as const;

/** Parse a label file. A row with other than 15/16 columns or a non-number throws {@link KittiFormatError} with file and line. */
export function parseKittiLabels(text: string, file: string): KittiLabel[] {
  const out: KittiLabel[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed) return;
    const cols = trimmed.split(/\s+/);
    if (cols.length !== 15 && cols.length !== 16)
      throw new KittiFormatError(file, `expected 15 columns (16 with a score), found ${cols.length}`, line);
    const [type, ...rest] = cols;
    if (/^[+-]?\d|^\./.test(type)) throw new KittiFormatError(file, `first column must be the object type, found "${type}"`, line, 'type');
    const n = rest.map((tok, j) => parseNumbers([tok], file, line, KITTI_COLUMN_NAMES[j + 1])[0]);
    const label: KittiLabel = {
      type,
      truncated: n[0],
      occluded: n[1],
      alpha: n[2],
      bbox: { left: n[3], top: n[4], right: n[5], bottom: n[6] },
      dimensions: { h: n[7], w: n[8], l: n[9] },
      location: { x: n[10], y: n[11], z: n[12] },
      rotationY: n[13],
    };
    if (n.length === 15) label.score = n[14];
    out.push(label);
  });
  return out;
}

/** Fixed-point with `d` decimals, without a negative zero ("-0.00" → "0.00"). */
const fixed = (v: number, d: number): string => {
  const s = v.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
};
/** DontCare rows carry integer sentinels (−1, −10, −1000), written as integers as in KITTI's ground truth. */
const sentinel = (v: number): string => (Number.isInteger(v) ? String(v) : fixed(v, 2));

/**
 * Print labels the way KITTI's ground truth does: 2 decimals, occluded as an integer, DontCare
 * sentinels as integers. Scores are printed with 4 decimals, as the KITTI result writers of
 * SECOND / OpenPCDet / mmdetection3d do (`kitti_result_line(precision=4)`). One row per line,
 * trailing newline.
 */
export function formatKittiLabels(rows: readonly KittiLabel[]): string {
  return rows
    .map((r) => {
      const f = r.type === 'DontCare' ? sentinel : (v: number) => fixed(v, 2);
      const cols = [
        r.type,
        f(r.truncated),
        String(Math.round(r.occluded)),
        f(r.alpha),
        fixed(r.bbox.left, 2), fixed(r.bbox.top, 2), fixed(r.bbox.right, 2), fixed(r.bbox.bottom, 2),
        f(r.dimensions.h), f(r.dimensions.w), f(r.dimensions.l),
        f(r.location.x), f(r.location.y), f(r.location.z),
        f(r.rotationY),
      ];
      if (r.score !== undefined) cols.push(fixed(r.score, 4));
      return cols.join(' ') + '\n';
    })
    .join('');
}
