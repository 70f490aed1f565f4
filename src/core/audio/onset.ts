/**
 * Where speech (or any sound well above the background) starts and ends in a clip, from the
 * short-time energy — used to check that audio and video stay in sync after transcoding: the onset
 * measured in the transcoded audio must match the original's and the transcript's first word.
 *
 * Method: frame levels L (dB of the mean square over all channels, `frameS` windows every `hopS`);
 * background = the 10th percentile of L, loud = the 99th; the first and last frames above the
 * midpoint (in dB) are certainly sound; from there walk outwards while L stays `riseDb` above the
 * background. onset/offset are the centres of the outermost frames reached.
 */

export interface SoundSpan {
  /** Seconds from the first sample. */
  onset: number;
  offset: number;
  backgroundDb: number;
  loudDb: number;
}

export interface SoundSpanOptions {
  frameS?: number;
  hopS?: number;
  /** How far above the background a frame must be to count as sound, dB (default 10). */
  riseDb?: number;
}

/** Frame levels in dB (mean square over all channels) for frames of `frame` samples every `hop` samples. */
export function frameLevelsDb(channels: readonly Float32Array[], frame: number, hop: number): Float64Array {
  const n = channels[0]?.length ?? 0;
  const count = n >= frame ? Math.floor((n - frame) / hop) + 1 : 0;
  const out = new Float64Array(count);
  for (let f = 0; f < count; f++) {
    let e = 0;
    for (const ch of channels) for (let i = f * hop, end = i + frame; i < end; i++) e += ch[i] * ch[i];
    out[f] = 10 * Math.log10(e / (frame * channels.length) + 1e-12);
  }
  return out;
}

const percentile = (xs: Float64Array, p: number): number => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))];
};

/** The span of sound in a clip; undefined when the clip is shorter than a frame or has no level contrast (silence, constant noise). */
export function soundSpan(channels: readonly Float32Array[], sampleRate: number, opts: SoundSpanOptions = {}): SoundSpan | undefined {
  const frame = Math.max(1, Math.round((opts.frameS ?? 0.01) * sampleRate));
  const hop = Math.max(1, Math.round((opts.hopS ?? 0.005) * sampleRate));
  const rise = opts.riseDb ?? 10;
  const L = frameLevelsDb(channels, frame, hop);
  if (L.length === 0) return undefined;
  const backgroundDb = percentile(L, 0.1);
  const loudDb = percentile(L, 0.99);
  if (loudDb - backgroundDb < 2 * rise) return undefined;
  const mid = (backgroundDb + loudDb) / 2;
  const low = backgroundDb + rise;
  let first = 0;
  while (L[first] <= mid) first++;
  let last = L.length - 1;
  while (L[last] <= mid) last--;
  while (first > 0 && L[first - 1] > low) first--;
  while (last < L.length - 1 && L[last + 1] > low) last++;
  const centre = (f: number): number => (f * hop + frame / 2) / sampleRate;
  return { onset: centre(first), offset: centre(last), backgroundDb, loudDb };
}

/** Mono mix (mean of the channels) of equal-length channels. */
export function monoMix(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const n = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i] += ch[i];
  for (let i = 0; i < n; i++) out[i] /= channels.length;
  return out;
}

/** Level envelope in dB, one value per `frameS` (default 1 ms) of the mono mix: a compact fingerprint of a clip's timing. */
export function levelEnvelopeDb(channels: readonly Float32Array[], sampleRate: number, frameS = 0.001): Float64Array {
  const frame = Math.max(1, Math.round(frameS * sampleRate));
  return frameLevelsDb([monoMix(channels)], frame, frame);
}

/**
 * The shift (in envelope frames) that best aligns `b` to `a`: the lag L in [−maxLag, maxLag] maximising
 * the correlation of a[i] with b[i + L] over their overlap (values clipped below at `floorDb`, so
 * digital silence does not dominate). Positive: `b` is late.
 */
export function envelopeLag(a: ArrayLike<number>, b: ArrayLike<number>, maxLag: number, floorDb = -70): { lag: number; correlation: number } {
  const clip = (x: number) => (x < floorDb ? floorDb : x);
  let best = { lag: 0, correlation: -Infinity };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const i0 = Math.max(0, -lag), i1 = Math.min(a.length, b.length - lag);
    const n = i1 - i0;
    if (n < 2) continue;
    let sa = 0, sb = 0;
    for (let i = i0; i < i1; i++) {
      sa += clip(a[i]);
      sb += clip(b[i + lag]);
    }
    const ma = sa / n, mb = sb / n;
    let sab = 0, saa = 0, sbb = 0;
    for (let i = i0; i < i1; i++) {
      const x = clip(a[i]) - ma, y = clip(b[i + lag]) - mb;
      sab += x * y;
      saa += x * x;
      sbb += y * y;
    }
    const c = sab / Math.sqrt(saa * sbb || 1);
    if (c > best.correlation) best = { lag, correlation: c };
  }
  return best;
}
