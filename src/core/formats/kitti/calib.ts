/**
 * KITTI calibration files (`calib/<frame>.txt`), both spellings:
 * - object benchmark: `P0: P1: P2: P3: R0_rect: Tr_velo_to_cam: Tr_imu_to_velo:`
 * - tracking benchmark: `P0: P1: P2: P3: R_rect Tr_velo_cam Tr_imu_velo` (no colon on the last three)
 *
 * All matrices are row-major. `P*` are 3×4 rectified projections (pixels from the rectified
 * camera-0 frame, metres), `R0_rect` is 3×3 (camera_0 → camera_0_rect), `Tr_velo_to_cam` is 3×4
 * (velodyne → camera_0, unrectified), `Tr_imu_to_velo` is 3×4 (imu → velodyne).
 */
import { KittiFormatError } from './errors';

/** A parsed calibration file; numbers row-major, as written. */
export interface KittiCalib {
  P0?: number[];
  P1?: number[];
  /** Left colour camera projection, 12 numbers: X_img = P2 · [X_rect; 1]. Required. */
  P2: number[];
  P3?: number[];
  /** 9 numbers, camera_0 → camera_0_rect rotation. Required. */
  R0_rect: number[];
  /** 12 numbers, velodyne → camera_0. Required. */
  Tr_velo_to_cam: number[];
  Tr_imu_to_velo?: number[];
}

type Key = keyof KittiCalib;

/** Canonical key for every accepted spelling (without a trailing colon). */
const SPELLINGS: Record<string, Key> = {
  P0: 'P0',
  P1: 'P1',
  P2: 'P2',
  P3: 'P3',
  R0_rect: 'R0_rect',
  R_rect: 'R0_rect',
  Tr_velo_to_cam: 'Tr_velo_to_cam',
  Tr_velo_cam: 'Tr_velo_to_cam',
  Tr_imu_to_velo: 'Tr_imu_to_velo',
  Tr_imu_velo: 'Tr_imu_to_velo',
};

const COUNTS: Record<Key, number> = { P0: 12, P1: 12, P2: 12, P3: 12, R0_rect: 9, Tr_velo_to_cam: 12, Tr_imu_to_velo: 12 };
const REQUIRED: Key[] = ['P2', 'R0_rect', 'Tr_velo_to_cam'];

/** Strict decimal/exponent number (rejects "", "1.2.3", "nan", "0x10"). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parse one whitespace-separated number list; throws naming file, line and key. */
export function parseNumbers(tokens: string[], file: string, line: number, key: string): number[] {
  return tokens.map((tok, i) => {
    if (!NUMBER.test(tok)) throw new KittiFormatError(file, `value ${i + 1} "${tok}" is not a number`, line, key);
    const v = Number(tok);
    // "1e309" matches NUMBER but is Infinity: it reached the geometry as a NaN matrix (found by fuzzing)
    if (!Number.isFinite(v)) throw new KittiFormatError(file, `value ${i + 1} "${tok}" is out of range (not a finite number)`, line, key);
    return v;
  });
}

/**
 * Parse a KITTI calibration file. Unknown keys are ignored; a known key with the wrong number
 * of values or a non-number, a repeated key, or a missing P2 / R0_rect / Tr_velo_to_cam throws
 * {@link KittiFormatError} naming `file`, the line and the key.
 */
export function parseKittiCalib(text: string, file: string): KittiCalib {
  const found: Partial<Record<Key, number[]>> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (!trimmed) return;
    const [head, ...rest] = trimmed.split(/\s+/);
    const name = head.endsWith(':') ? head.slice(0, -1) : head;
    const key = SPELLINGS[name];
    if (!key) return;
    if (found[key]) throw new KittiFormatError(file, `appears twice`, lineNo, key);
    const want = COUNTS[key];
    if (rest.length !== want) throw new KittiFormatError(file, `expected ${want} numbers, found ${rest.length}`, lineNo, key);
    found[key] = parseNumbers(rest, file, lineNo, key);
  });
  for (const key of REQUIRED) {
    if (!found[key]) {
      const spellings = Object.keys(SPELLINGS).filter((s) => SPELLINGS[s] === key).join(' / ');
      throw new KittiFormatError(file, `missing required calibration key (accepted spellings: ${spellings})`, undefined, key);
    }
  }
  return found as KittiCalib;
}
