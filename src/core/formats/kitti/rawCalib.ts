/**
 * KITTI raw calibration files (one set per recording day, e.g. `2011_09_26/`), per the raw devkit
 * (devkit/readme.txt, "calib_cam_to_cam.txt" / "calib_velo_to_cam.txt"):
 *
 * calib_cam_to_cam.txt — `calib_time`, `corner_dist`, then per camera xx ∈ 00..03:
 *   S_xx (2: unrectified size), K_xx (9), D_xx (5), R_xx (9), T_xx (3): unrectified calibration;
 *   S_rect_xx (2: rectified size w h), R_rect_xx (9: rectifying rotation, camera xx → rectified),
 *   P_rect_xx (12, row-major 3×4: projection from the RECTIFIED CAMERA-0 frame into rectified image xx,
 *   P_rect_xx = K_rect · [I | t_xx], so the baseline of camera xx sits in its 4th column).
 * calib_velo_to_cam.txt — `calib_time`, R (9) and T (3): velodyne → camera 0 (unrectified), plus
 *   `delta_f`, `delta_c` (2 each, unused).
 *
 * The devkit's projection of a velodyne point into camera xx's rectified image:
 *   y = P_rect_xx · R_rect_00 · [R | T]_velo→cam · x     (R_rect_00 expanded to 4×4)
 */
import { parseNumbers, type KittiCalib } from './calib';
import { KittiFormatError } from './errors';

/** Expected value count per key (without the camera suffix). */
const CAM_COUNTS: Record<string, number> = { S: 2, K: 9, D: 5, R: 9, T: 3, S_rect: 2, R_rect: 9, P_rect: 12 };
const VELO_COUNTS: Record<string, number> = { R: 9, T: 3, delta_f: 2, delta_c: 2 };

/** Text-valued keys that are kept verbatim and never parsed as numbers. */
const TEXT_KEYS = new Set(['calib_time']);

/** Parsed `calib_cam_to_cam.txt`: every numeric key as written (row-major), plus the calibration time. */
export interface KittiRawCamCalib {
  calibTime?: string;
  cornerDist?: number;
  /** Keys like `P_rect_02`, `R_rect_00`, `S_rect_02`, `K_00`. */
  values: Record<string, number[]>;
  /** Camera indices ("00".."03") that have S_rect, P_rect (and R_rect). */
  cameras: string[];
}

/** Parsed `calib_velo_to_cam.txt`. */
export interface KittiRawVeloCalib {
  calibTime?: string;
  /** 9 numbers, row-major rotation velodyne → camera 0. */
  R: number[];
  /** 3 numbers, metres. */
  T: number[];
}

interface KeyLine {
  key: string;
  tokens: string[];
  line: number;
  raw: string;
}

/** `key: v v v` lines; blank lines skipped; a line without `key:` throws naming the file and line. */
function keyLines(text: string, file: string): KeyLine[] {
  const out: KeyLine[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!trimmed) return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$/.exec(trimmed);
    if (!m) throw new KittiFormatError(file, `expected "key: values", found ${JSON.stringify(trimmed.slice(0, 40))}`, i + 1);
    if (seen.has(m[1])) throw new KittiFormatError(file, 'appears twice', i + 1, m[1]);
    seen.add(m[1]);
    out.push({ key: m[1], tokens: m[2] ? m[2].split(/\s+/) : [], line: i + 1, raw: m[2] });
  });
  return out;
}

function numbersOf(l: KeyLine, want: number | undefined, file: string): number[] {
  if (want !== undefined && l.tokens.length !== want) throw new KittiFormatError(file, `expected ${want} numbers, found ${l.tokens.length}`, l.line, l.key);
  return parseNumbers(l.tokens, file, l.line, l.key);
}

/**
 * Parse `calib_cam_to_cam.txt`. Throws {@link KittiFormatError} naming the file, line and key on a
 * malformed value, and when R_rect_00 or no camera's S_rect/P_rect pair is present.
 */
export function parseKittiRawCamToCam(text: string, file: string): KittiRawCamCalib {
  const values: Record<string, number[]> = {};
  let calibTime: string | undefined;
  let cornerDist: number | undefined;
  for (const l of keyLines(text, file)) {
    if (TEXT_KEYS.has(l.key)) {
      calibTime = l.raw;
      continue;
    }
    if (l.key === 'corner_dist') {
      cornerDist = numbersOf(l, 1, file)[0];
      continue;
    }
    const m = /^(S_rect|R_rect|P_rect|S|K|D|R|T)_(\d\d)$/.exec(l.key);
    if (!m) continue; // unknown keys are ignored, as in the object calib reader
    values[l.key] = numbersOf(l, CAM_COUNTS[m[1]], file);
  }
  if (!values.R_rect_00) throw new KittiFormatError(file, 'missing required key (the rectifying rotation of the reference camera 0)', undefined, 'R_rect_00');
  const cameras = ['00', '01', '02', '03'].filter((c) => values[`P_rect_${c}`] && values[`S_rect_${c}`]);
  if (cameras.length === 0) throw new KittiFormatError(file, 'no camera has both S_rect_xx and P_rect_xx', undefined, 'P_rect_02');
  const out: KittiRawCamCalib = { values, cameras };
  if (calibTime !== undefined) out.calibTime = calibTime;
  if (cornerDist !== undefined) out.cornerDist = cornerDist;
  return out;
}

/** Parse `calib_velo_to_cam.txt`. Throws {@link KittiFormatError} naming the file, line and key. */
export function parseKittiRawVeloToCam(text: string, file: string): KittiRawVeloCalib {
  const found: Record<string, number[]> = {};
  let calibTime: string | undefined;
  for (const l of keyLines(text, file)) {
    if (TEXT_KEYS.has(l.key)) {
      calibTime = l.raw;
      continue;
    }
    if (!(l.key in VELO_COUNTS)) continue;
    found[l.key] = numbersOf(l, VELO_COUNTS[l.key], file);
  }
  for (const key of ['R', 'T']) if (!found[key]) throw new KittiFormatError(file, 'missing required key (velodyne → camera 0)', undefined, key);
  const out: KittiRawVeloCalib = { R: found.R, T: found.T };
  if (calibTime !== undefined) out.calibTime = calibTime;
  return out;
}

/** [R | T] as the 12 row-major numbers of a 3×4 matrix (the object benchmark's Tr_velo_to_cam). */
export function veloToCamMatrix(velo: KittiRawVeloCalib): number[] {
  const { R, T } = velo;
  return [R[0], R[1], R[2], T[0], R[3], R[4], R[5], T[1], R[6], R[7], R[8], T[2]];
}

/**
 * The raw calibration of camera `cam` in the object benchmark's shape, so that the object importer's
 * geometry (kittiTransforms, intrinsicsFromP2, rectFromVelodyne) applies unchanged:
 * P2 ← P_rect_<cam>, R0_rect ← R_rect_00, Tr_velo_to_cam ← [R | T].
 */
export function rawAsObjectCalib(cam: KittiRawCamCalib, velo: KittiRawVeloCalib, camera: string, file: string): KittiCalib {
  const P = cam.values[`P_rect_${camera}`];
  if (!P) throw new KittiFormatError(file, `no P_rect_${camera} for camera image_${camera}`, undefined, `P_rect_${camera}`);
  return { P2: P, R0_rect: cam.values.R_rect_00, Tr_velo_to_cam: veloToCamMatrix(velo) };
}
