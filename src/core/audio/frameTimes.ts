/**
 * Video frame presentation times, for frame-accurate stepping: the sidecar `<clip>.frames.json`
 * written by scripts/media/transcode.py (ffprobe's frame pts_time of every frame), and the lookup
 * "the frame shown at t is the last frame whose PTS is at or before t".
 */
import { z } from 'zod';
import { checkTimesIncrease } from './mediaChecks';

export const VideoFrameTimes = z.object({
  /** The video file the times belong to. */
  file: z.string().min(1),
  count: z.number().int().nonnegative(),
  /** Presentation time of every frame, seconds, in presentation order. */
  pts: z.array(z.number()),
  /** The pre-transcoding original and its frame times, when the file was transcoded. */
  originalFile: z.string().optional(),
  originalPts: z.array(z.number()).optional(),
});
export type VideoFrameTimes = z.infer<typeof VideoFrameTimes>;

/** Error naming the sidecar file. */
export class FrameTimesError extends Error {
  constructor(readonly file: string, problem: string) {
    super(problem.startsWith(file) ? problem : `${file}: ${problem}`);
    this.name = 'FrameTimesError';
  }
}

/** Validate a frames.json; throws FrameTimesError naming `file` on a bad shape, a wrong count or times that go backwards. */
export function parseVideoFrameTimes(json: unknown, file: string): VideoFrameTimes {
  const r = VideoFrameTimes.safeParse(json);
  if (!r.success) throw new FrameTimesError(file, `not a frame-times file: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const v = r.data;
  if (v.pts.length !== v.count) throw new FrameTimesError(file, `count says ${v.count} frames but pts lists ${v.pts.length}`);
  const bad = checkTimesIncrease(file, v.pts, 'frame time');
  if (bad) throw new FrameTimesError(file, bad);
  return v;
}

/** Index of the frame shown at `t` (the last PTS ≤ t), or −1 before the first frame. Binary search. */
export function frameIndexAt(pts: ArrayLike<number>, t: number): number {
  let lo = 0, hi = pts.length - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pts[mid] <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}
