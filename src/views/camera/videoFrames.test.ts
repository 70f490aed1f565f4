import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Stream, type Sample } from '../../core/schema';
import { fileNameOf, videoTargetAt } from './videoFrames';

// the PTS list ffprobe read from the variable-frame-rate fixture (e2e/fixtures/media/make.sh):
// 40 ms frames, then 60 ms frames, with the container's millisecond rounding (0.699, 1.299 …)
const PTS = readFileSync(new URL('../../../e2e/fixtures/media/vfr.pts.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map(Number);

const stream = (offset = 0, samples: Partial<Sample>[] = PTS.map((t) => ({ t }))) =>
  Stream.parse({ id: 'v', sensor: 'v', offset, samples: samples.map((s, i) => ({ id: `f${i}`, uri: 'vfr.webm', ...s })) });

/** Reference: a linear scan for the last PTS at or before t (the first frame before the start). */
function naive(t: number): number {
  let k = 0;
  for (let i = 0; i < PTS.length; i++) if (PTS[i] <= t) k = i;
  return k;
}

describe('videoTargetAt', () => {
  it('is the frame whose PTS is at or before the time, on a variable frame rate', () => {
    expect(PTS.length).toBe(30);
    const st = stream();
    for (let k = 0; k <= 1700; k++) {
      const t = (k - 50) / 1000;
      expect(videoTargetAt(st, t)!.index, `t = ${t}`).toBe(naive(t));
    }
    // exactly at a PTS: that frame, not the one before (a fps guess, 0.699 × 25 = 17.5, says 17)
    expect(videoTargetAt(st, PTS[15])!.index).toBe(15);
    expect(videoTargetAt(st, 0.7)!.index).toBe(15);
    expect(Math.floor(0.7 * 25)).not.toBe(15);
  });

  it('seeks strictly inside the frame and maps the stream offset', () => {
    const st = stream(2.5);
    for (let i = 0; i < PTS.length; i++) {
      const v = videoTargetAt(st, PTS[i] + 2.5)!;
      expect(v.index).toBe(i);
      expect(v.pts).toBe(PTS[i]);
      expect(v.sceneT).toBeCloseTo(PTS[i] + 2.5, 12);
      expect(v.seekTo).toBeGreaterThan(PTS[i]);
      if (i + 1 < PTS.length) expect(v.seekTo).toBeLessThan(PTS[i + 1]);
      // the media time of a playhead between frames stays inside the frame
      const mid = v.mediaAt(PTS[i] + 2.5 + 0.02);
      expect(mid).toBeCloseTo(PTS[i] + 0.02, 9);
    }
    expect(videoTargetAt(st, 0)!.index).toBe(0); // before the start: the first frame
  });

  it('takes the PTS from metadata when t was moved onto another clock', () => {
    const st = stream(0, PTS.map((p) => ({ t: 100 + p, metadata: { pts: p } })));
    const v = videoTargetAt(st, 100 + PTS[12] + 0.001)!;
    expect(v.index).toBe(12);
    expect(v.pts).toBe(PTS[12]);
  });

  it('names files', () => {
    expect(fileNameOf('demo/talking/grid%20clip.webm?x=1')).toBe('grid clip.webm');
    expect(fileNameOf(undefined)).toBe('(no file)');
  });
});
