/**
 * Audio vs video from an onset: a clap (any sharp sound) is heard in the audio at the onset time and
 * seen in the video at the frame the user marks with a sync event. offset = audio onset − visual
 * time (scene seconds; positive when the audio is late), uncertainty = half a video frame (the
 * event can sit anywhere inside the frame it is seen in) + the audio hop (the envelope's resolution).
 *
 * `detectOnset` is a pure function on PCM samples: an RMS energy envelope (`frame`-long windows every
 * `hop`), the noise floor as a low percentile of the envelope (dB), and the onset at the first window
 * whose level rises `riseDb` above the floor, refined to the first sample inside that window whose
 * magnitude reaches the same level. None when the loudest window does not rise `riseDb` + 3 dB above
 * the floor (nothing stands out of the noise).
 *
 * In a scene, a sync event is a time label of kind `event` whose type is one of SYNC_EVENT_TYPES
 * ("sync", "clap", "onset", "slate"), at the scene time of the video frame where the event is seen;
 * `attributes.video` may name the video (or camera) sensor and `attributes.audio` the audio sensor
 * (defaults: the scene's first video, else camera, sensor; every audio sensor).
 */
import type { Scene, Stream, TimeLabel } from '../schema';
import { sceneTime } from './clock';
import type { OffsetEstimate } from './sync';

export interface OnsetOptions {
  /** RMS window length, seconds (default 0.010). */
  frame?: number;
  /** Hop between windows, seconds (default 0.005). */
  hop?: number;
  /** Noise floor: this percentile (0..1) of the window levels (default 0.1). */
  floorPercentile?: number;
  /** Rise above the floor that marks the onset, dB (default 15). */
  riseDb?: number;
  /** Search only samples [from, to) (default the whole array). */
  from?: number;
  to?: number;
}

export interface Onset {
  /** Seconds from the start of the array (sample / sampleRate). */
  time: number;
  sample: number;
  floorDb: number;
  thresholdDb: number;
  peakDb: number;
  /** The hop, seconds: the envelope's time resolution. */
  hop: number;
}

const db = (rms: number): number => 20 * Math.log10(Math.max(rms, 1e-12));

/** The first onset in `pcm` (see the header), or undefined when no window stands out of the noise. */
export function detectOnset(pcm: Float32Array, sampleRate: number, opts: OnsetOptions = {}): Onset | undefined {
  if (!(sampleRate > 0)) throw new Error(`detectOnset: sample rate must be positive (got ${sampleRate})`);
  const from = Math.max(0, Math.floor(opts.from ?? 0)), to = Math.min(pcm.length, Math.ceil(opts.to ?? pcm.length));
  const frameLen = Math.max(1, Math.round((opts.frame ?? 0.01) * sampleRate));
  const hopLen = Math.max(1, Math.round((opts.hop ?? 0.005) * sampleRate));
  const rise = opts.riseDb ?? 15;
  if (to - from < frameLen) return undefined;
  const count = Math.floor((to - from - frameLen) / hopLen) + 1;
  const levels = new Float64Array(count);
  for (let f = 0; f < count; f++) {
    const s0 = from + f * hopLen;
    let e = 0;
    for (let i = s0; i < s0 + frameLen; i++) e += pcm[i] * pcm[i];
    levels[f] = db(Math.sqrt(e / frameLen));
  }
  const sorted = Float64Array.from(levels).sort();
  const floorDb = sorted[Math.min(count - 1, Math.floor((opts.floorPercentile ?? 0.1) * count))];
  const peakDb = sorted[count - 1];
  if (peakDb - floorDb < rise + 3) return undefined;
  const thresholdDb = floorDb + rise;
  const f = levels.findIndex((l) => l >= thresholdDb);
  const amp = 10 ** (thresholdDb / 20);
  const s0 = from + f * hopLen;
  let sample = s0;
  for (let i = s0; i < s0 + frameLen; i++)
    if (Math.abs(pcm[i]) >= amp) {
      sample = i;
      break;
    }
  return { time: sample / sampleRate, sample, floorDb, thresholdDb, peakDb, hop: hopLen / sampleRate };
}

export interface AudioVideoInput {
  audio: { stream: string; sensor: string; /** Onset on the scene clock, seconds. */ onset: number; /** Envelope hop, seconds. */ hop: number };
  video: { stream: string; sensor: string; /** Scene time of the frame where the event is seen. */ time: number; /** One frame, seconds. */ frameDuration: number };
}

/** offset = audio onset − visual time (positive: audio late), uncertainty = half a video frame + the audio hop. */
export function estimateAudioVideoOffset(input: AudioVideoInput): OffsetEstimate {
  const { audio, video } = input;
  if (!(video.frameDuration > 0)) throw new Error(`video "${video.sensor}": frame duration must be positive (got ${video.frameDuration})`);
  return {
    stream: audio.stream,
    sensor: audio.sensor,
    reference: video.stream,
    referenceSensor: video.sensor,
    offset: audio.onset - video.time,
    uncertainty: video.frameDuration / 2 + audio.hop,
    method: 'onset',
    evidence: `audio onset at ${audio.onset.toFixed(4)} s, seen in the video at ${video.time.toFixed(4)} s (frame ${(video.frameDuration * 1e3).toFixed(1)} ms, hop ${(audio.hop * 1e3).toFixed(1)} ms)`,
  };
}

export const SYNC_EVENT_TYPES: readonly string[] = ['sync', 'clap', 'onset', 'slate'];

/** One audio stream and one sync event to estimate from. */
export interface AudioSyncCandidate {
  event: TimeLabel;
  /** Scene time of the event (the video frame where it is seen). */
  visualTime: number;
  audio: { sensor: string; stream: Stream; /** Index of the audio sample (file) holding the visual time ± window. */ index: number };
  video: { sensor: string; stream: Stream; frameDuration: number };
}

function frameDurationOf(scene: Scene, sensor: string, stream: Stream): number {
  const s = scene.sensors.find((x) => x.id === sensor);
  if (s?.kind === 'video' && s.fps) return 1 / s.fps;
  const d: number[] = [];
  for (let i = 1; i < stream.samples.length; i++) d.push(sceneTime(stream, i) - sceneTime(stream, i - 1));
  d.sort((a, b) => a - b);
  return d.length ? d[d.length >> 1] : NaN;
}

/**
 * The scene's sync events paired with the audio streams whose sample (file) covers them: what the
 * CLI decodes. Events naming an unknown sensor, and audio streams with no sample at the event, are
 * skipped with a note in `skipped`.
 */
export function audioSyncCandidates(scene: Scene): { candidates: AudioSyncCandidate[]; skipped: string[] } {
  const candidates: AudioSyncCandidate[] = [], skipped: string[] = [];
  const videoSensor = (scene.sensors.find((s) => s.kind === 'video') ?? scene.sensors.find((s) => s.kind === 'camera'))?.id;
  for (const ev of Object.values(scene.timeLabels)) {
    if (ev.kind !== 'event' || !SYNC_EVENT_TYPES.includes(ev.type.toLowerCase()) || !ev.intervals.length) continue;
    const vid = typeof ev.attributes.video === 'string' ? ev.attributes.video : videoSensor;
    const vStream = vid === undefined ? undefined : scene.streams.find((s) => s.sensor === vid && s.samples.length);
    if (!vid || !vStream) {
      skipped.push(`sync event "${ev.id}": no video or camera stream${vid ? ` for sensor "${vid}"` : ''}`);
      continue;
    }
    const frameDuration = frameDurationOf(scene, vid, vStream);
    if (!(frameDuration > 0)) {
      skipped.push(`sync event "${ev.id}": the frame duration of "${vid}" is unknown (no fps, fewer than two samples)`);
      continue;
    }
    const t = ev.intervals[0].start;
    const audios = typeof ev.attributes.audio === 'string' ? [ev.attributes.audio] : scene.sensors.filter((s) => s.kind === 'audio').map((s) => s.id);
    for (const a of audios) {
      const st = scene.streams.find((s) => s.sensor === a && s.samples.length);
      const index = st ? st.samples.findIndex((x, i) => sceneTime(st, i) <= t && t <= sceneTime(st, i) + (x.duration ?? Infinity)) : -1;
      if (!st || index < 0) {
        skipped.push(`sync event "${ev.id}": audio "${a}" has no sample at ${t} s`);
        continue;
      }
      candidates.push({ event: ev, visualTime: t, audio: { sensor: a, stream: st, index }, video: { sensor: vid, stream: vStream, frameDuration } });
    }
  }
  return { candidates, skipped };
}

/** Scene time of `tau` seconds into sample `index` of an audio stream (offset and drift applied). */
export function audioSceneTime(stream: Stream, index: number, tau: number): number {
  const s = stream.samples;
  const own = s[index].t + tau;
  return own + stream.offset + stream.drift * (own - s[0].t);
}

/** Seconds into sample `index` of an audio stream at scene time `t` (the inverse of audioSceneTime). */
export function audioOffsetInSample(stream: Stream, index: number, t: number): number {
  const s = stream.samples;
  // t = own + offset + drift·(own − t0)  ⇒  own = (t − offset + drift·t0) / (1 + drift)
  const own = (t - stream.offset + stream.drift * s[0].t) / (1 + stream.drift);
  return own - s[index].t;
}
