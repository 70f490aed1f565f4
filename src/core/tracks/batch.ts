/**
 * Batch interpolation of many cuboid tracks on typed arrays (no object per frame): the form for a
 * worker or for long sequences, and what bench/interpolate.bench.ts measures. Same maths as
 * interpolate.ts (centre and size linear by time, rotation slerp on the short path, normalised),
 * with the slerp angle and 1/sin θ computed once per keyframe pair instead of once per frame.
 *
 * Layout: a pose is POSE_STRIDE float64 values `cx cy cz l w h qx qy qz qw`. Track k's keyframes
 * are entries [offsets[k], offsets[k + 1]) of `times` (scene seconds, ascending within a track)
 * and of `poses`. Output: `out[(k * times.length + j) * POSE_STRIDE ...]` is track k at output
 * time j, NaN where j lies outside the track's first..last keyframe (no extrapolation).
 */
import { quatAngle, SLERP_MIN_ANGLE } from './lerp';

export const POSE_STRIDE = 10;

export interface PoseTracks {
  /** Length tracks + 1; offsets[0] = 0. */
  offsets: Uint32Array;
  /** Keyframe times, seconds, ascending within each track. */
  times: Float64Array;
  /** POSE_STRIDE values per keyframe. */
  poses: Float64Array;
}

/** Output buffer for `tracks` × `frames` poses. */
export const allocatePoses = (tracks: number, frames: number): Float64Array => new Float64Array(tracks * frames * POSE_STRIDE);

/**
 * Interpolate every track at every output time (`outTimes` ascending). Returns the number of poses
 * written (the rest of `out` is NaN). Throws when `out` is too small.
 */
export function interpolatePoses(tracks: PoseTracks, outTimes: Float64Array, out: Float64Array): number {
  const { offsets, times, poses } = tracks;
  const nTracks = offsets.length - 1, nt = outTimes.length;
  if (out.length < nTracks * nt * POSE_STRIDE) throw new Error(`interpolatePoses: output holds ${out.length} values, needs ${nTracks * nt * POSE_STRIDE}`);
  let written = 0;
  for (let k = 0; k < nTracks; k++) {
    const k0 = offsets[k], k1 = offsets[k + 1];
    const base = k * nt * POSE_STRIDE;
    let j = 0;
    // before the first keyframe (and empty tracks): NaN
    const first = k1 > k0 ? times[k0] : Infinity;
    while (j < nt && outTimes[j] < first - 1e-12) out.fill(NaN, base + j * POSE_STRIDE, base + ++j * POSE_STRIDE);
    for (let s = k0; s < k1 && j < nt; s++) {
      const ta = times[s];
      const last = s + 1 >= k1;
      const tb = last ? ta : times[s + 1];
      const a = s * POSE_STRIDE, b = last ? a : a + POSE_STRIDE;
      // per pair: short-path sign, angle and 1 / sin θ
      const ax = poses[a + 6], ay = poses[a + 7], az = poses[a + 8], aw = poses[a + 9];
      let bx = poses[b + 6], by = poses[b + 7], bz = poses[b + 8], bw = poses[b + 9];
      const na = Math.sqrt(ax * ax + ay * ay + az * az + aw * aw), nb = Math.sqrt(bx * bx + by * by + bz * bz + bw * bw);
      const ia = 1 / na, ib = 1 / nb;
      let dot = (ax * bx + ay * by + az * bz + aw * bw) * ia * ib;
      if (dot < 0) {
        bx = -bx; by = -by; bz = -bz; bw = -bw;
        dot = -dot;
      }
      const theta = quatAngle(ax * ia, ay * ia, az * ia, aw * ia, bx * ib, by * ib, bz * ib, bw * ib, dot);
      const nlerp = theta < SLERP_MIN_ANGLE;
      const invSin = nlerp ? 0 : 1 / Math.sin(theta);
      const span = tb - ta, invSpan = span > 1e-12 ? 1 / span : 0;
      // output times in [ta, tb) (the last keyframe: exactly at tb)
      while (j < nt && (last ? outTimes[j] <= tb + 1e-12 : outTimes[j] < tb)) {
        const u = (outTimes[j] - ta) * invSpan;
        let s0: number, s1: number;
        if (nlerp) {
          s0 = 1 - u;
          s1 = u;
        } else {
          s0 = Math.sin((1 - u) * theta) * invSin;
          s1 = Math.sin(u * theta) * invSin;
        }
        s0 *= ia;
        s1 *= ib;
        const o = base + j * POSE_STRIDE;
        for (let c = 0; c < 6; c++) out[o + c] = poses[a + c] + (poses[b + c] - poses[a + c]) * u;
        const x = s0 * ax + s1 * bx, y = s0 * ay + s1 * by, z = s0 * az + s1 * bz, w = s0 * aw + s1 * bw;
        const inv = 1 / Math.sqrt(x * x + y * y + z * z + w * w);
        out[o + 6] = x * inv;
        out[o + 7] = y * inv;
        out[o + 8] = z * inv;
        out[o + 9] = w * inv;
        j++;
        written++;
      }
    }
    if (j < nt) out.fill(NaN, base + j * POSE_STRIDE, base + nt * POSE_STRIDE);
  }
  return written;
}
