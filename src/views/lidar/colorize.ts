/**
 * Per-point colours computed in one pass over typed arrays (once per cloud or colour mode, never
 * per rendered frame). Positions are x y z at offsets 0..2 of every `stride` floats (PointCloud's
 * contract: 3 when dense, 4 or 5 for zero-copy views). Output is RGB in [0,1], 3 floats per point,
 * written into `out`.
 */
/** 'camera' is computed outside (hooks/cameraColors) and passed in as precomputed colours. */
export type ColorMode = 'height' | 'intensity' | 'distance' | 'camera';

/** A perceptual-ish ramp (viridis-like), t in [0,1]. */
function ramp(t: number, out: Float32Array, o: number): void {
  const x = t < 0 ? 0 : t > 1 ? 1 : t;
  out[o] = 0.267 + x * (0.993 - 0.267) * x;
  out[o + 1] = 0.005 + x * 0.9;
  out[o + 2] = 0.329 + 0.4 * Math.sin(Math.PI * x) - 0.2 * x;
}

/**
 * `offset` is added to every position before height / distance are taken (e.g. the cloud's origin
 * minus the sensor's position, for clouds in map coordinates); [0, 0, 0] by default.
 */
export function colorize(positions: Float32Array, stride: number, count: number, mode: ColorMode, intensity: ArrayLike<number> | undefined, out: Float32Array, offset: readonly [number, number, number] = [0, 0, 0]): void {
  let lo = Infinity;
  let hi = -Infinity;
  const [dx, dy, dz] = offset;
  const value = (i: number): number => {
    if (mode === 'intensity' && intensity) return intensity[i];
    const o = stride * i;
    if (mode === 'distance') return Math.hypot(positions[o] + dx, positions[o + 1] + dy);
    return positions[o + 2] + dz;
  };
  // robust range: clamp height to a typical band, intensity/distance by min/max
  for (let i = 0; i < count; i++) {
    const v = value(i);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (mode === 'height') {
    lo = Math.max(lo, -2.5);
    hi = Math.min(hi, 1.5);
  }
  if (mode === 'distance') hi = Math.min(hi, 60);
  const span = hi - lo || 1;
  for (let i = 0; i < count; i++) ramp((value(i) - lo) / span, out, 3 * i);
}
