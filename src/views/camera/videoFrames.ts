/**
 * Which video frame to show at a scene time, and where to seek the video element for it.
 *
 * A video sensor's stream has one sample per decoded frame. A sample's own timestamp `t` is the
 * frame's presentation timestamp (PTS, seconds on the file's timeline) unless `metadata.pts` gives
 * it explicitly (for a stream whose `t` was moved onto another clock at import); the stream's
 * `offset`/`drift` map it onto the scene clock like any stream. The frame shown at scene time t is
 * the frame whose PTS is at or before t (core/time indexAtOrBefore): a PTS list from the file,
 * never `t × fps`, so variable frame rates and dropped frames step exactly.
 *
 * Seeking: an HTMLVideoElement shows, for a time x, the frame whose interval [PTS, next PTS)
 * contains x. Seeking exactly to a PTS can land on the frame before it (floating point, container
 * rounding), so the seek goes a small epsilon inside the frame: min(1 ms, half the gap to the
 * next frame). The pane confirms the frame the browser presented from requestVideoFrameCallback's
 * `mediaTime` (useVideoFrame.ts).
 */
import type { Sample, Stream } from '../../core/schema';
import { indexAtOrBefore, sceneTime } from '../../core/time';

/** Media time (s, the file's own PTS) of a video frame sample. */
export function mediaTimeOf(stream: Stream, i: number): number {
  const s = stream.samples[i];
  const pts = s.metadata?.pts;
  return typeof pts === 'number' && Number.isFinite(pts) ? pts : s.t;
}

export interface VideoTarget {
  /** Index of the frame sample in its stream. */
  index: number;
  sample: Sample;
  /** The frame's PTS (media seconds). */
  pts: number;
  /** PTS of the next frame in the same file, or null for the last. */
  nextPts: number | null;
  /** Where to set `currentTime` to show exactly this frame. */
  seekTo: number;
  /** Scene time of this frame. */
  sceneT: number;
  /**
   * The file position that corresponds to `t` itself (between frames, for playback sync):
   * this frame's PTS plus the scene time elapsed since the frame, clamped to before the next frame.
   */
  mediaAt: (t: number) => number;
}

/** Seek epsilon inside a frame that lasts `gap` seconds (null: the last frame). */
export const seekEpsilon = (gap: number | null): number => (gap !== null && gap > 0 ? Math.min(1e-3, gap / 2) : 1e-3);

/** The frame shown at scene time `t`: the last at or before it, else the first (before the start). */
export function videoTargetAt(stream: Stream, t: number): VideoTarget | null {
  const n = stream.samples.length;
  if (!n) return null;
  const index = Math.max(0, indexAtOrBefore(stream, t));
  const sample = stream.samples[index];
  const pts = mediaTimeOf(stream, index);
  const next = index + 1 < n && stream.samples[index + 1].uri === sample.uri ? mediaTimeOf(stream, index + 1) : null;
  const sceneT = sceneTime(stream, index);
  return {
    index,
    sample,
    pts,
    nextPts: next,
    seekTo: pts + seekEpsilon(next === null ? null : next - pts),
    sceneT,
    mediaAt: (time: number) => {
      const m = pts + Math.max(0, time - sceneT);
      return next === null ? m : Math.min(m, next - seekEpsilon(next - pts));
    },
  };
}

/** A file name for messages: the last path segment of a URI, without a query. */
export function fileNameOf(uri: string | undefined): string {
  if (!uri) return '(no file)';
  const path = uri.split(/[?#]/)[0];
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || uri;
}
