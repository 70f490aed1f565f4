import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { DEFAULT_TAXONOMY, allAnnotations, partitionAnnotations, Scene, type Annotation } from '../../core/schema';
import { syntheticSequence } from '../../core/testing/syntheticSequence';
import { trackBars } from '../../core/tracks';
import { cellAt, objectBars } from './trackLanes';

const box = (id: string, sample: string, source: Annotation['source'] = 'manual'): Annotation => ({ id, kind: 'box2d', object: 'o1', sensor: 'cam', sample, source, x0: 0, y0: 0, x1: 10, y1: 10 });

/** A 10 Hz camera (10 samples, 0 … 0.9 s) and a microphone; object o1 boxed on samples 0, 1 (interpolated), 2, 5. */
function small(): Scene {
  return Scene.parse({
    schemaVersion: 3,
    id: 's',
    name: 's',
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'cam', name: 'CAM', kind: 'camera', frame: 'cam', intrinsics: { width: 100, height: 100, fx: 100, fy: 100, cx: 50, cy: 50 } },
      { id: 'mic', name: 'MIC', kind: 'audio' },
    ],
    streams: [
      { id: 'cam', sensor: 'cam', samples: Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, t: i / 10 })) },
      { id: 'mic', sensor: 'mic', samples: [{ id: 'm0', t: 0, duration: 1 }] },
    ],
    objects: { o1: { id: 'o1', classId: 'car' }, o2: { id: 'o2', classId: 'pedestrian', intervals: [{ start: 0.3, end: 0.8 }] } },
    annotations: partitionAnnotations([
      box('b0', 'c0'),
      box('b1', 'c1', 'interpolated'),
      box('b2', 'c2'),
      box('b5', 'c5', 'imported'),
      box('b9', 'c9'),
      { id: 'nv7', kind: 'notVisible', object: 'o1', sensor: 'cam', sample: 'c7', reason: 'occluded' },
      { id: 'seg', kind: 'timeSegment', object: 'o1', sensor: 'mic', start: 0.25, end: 0.6 },
    ]),
  });
}

describe('track lanes', () => {
  it('draws runs from each sample to the next, keyframes, interpolated stretches, gaps, segments and lifetimes', () => {
    const bars = objectBars(small());
    expect(bars.map((b) => b.object)).toEqual(['o1', 'o2']);
    const [cam, mic] = bars[0].bars;
    expect(cam.kind).toBe('camera');
    // hand-computed: key [0, 0.1), interpolated [0.1, 0.2), key [0.2, 0.3), key [0.5, 0.6), key [0.9, 1.0) (last sample lasts one period)
    const r = (start: number, end: number, interpolated = false) => ({ start, end, interpolated });
    expect(cam.runs.map((x) => ({ ...x, start: +x.start.toFixed(9), end: +x.end.toFixed(9) }))).toEqual([r(0, 0.1), r(0.1, 0.2, true), r(0.2, 0.3), r(0.5, 0.6), r(0.9, 1)]);
    expect(cam.keyframes).toEqual([0, 0.2, 0.5, 0.9]);
    expect(cam.notVisible).toEqual([0.7]);
    expect(mic).toMatchObject({ kind: 'audio', runs: [r(0.25, 0.6)], keyframes: [] });
    expect(bars[1]).toEqual({ object: 'o2', bars: [], lifetime: [{ start: 0.3, end: 0.8 }] });
  });

  it('finds the cell under a click, or the nearest one', () => {
    const cam = objectBars(small())[0].bars[0];
    expect(cellAt(cam, 0.15)?.annotation).toBe('b1');
    expect(cellAt(cam, 0.2)?.annotation).toBe('b2'); // the boundary belongs to the later sample
    expect(cellAt(cam, 0.41)?.annotation).toBe('b5');
    expect(cellAt(cam, 0.34)?.annotation).toBe('b2');
  });

  it('agrees with the tracks core (src/core/tracks trackBars) on runs and keyframes, per sensor', () => {
    const { scene: base } = syntheticSequence(30, 6);
    // gaps and interpolated frames: drop some LiDAR cuboids, mark others interpolated
    const scene = produce(base, (d) => {
      for (const a of allAnnotations(d)) {
        const f = Number(('sample' in a ? a.sample : '').split('/')[1]);
        if (a.kind === 'cuboid' && f % 7 === 3) delete d.annotations[a.sample][a.id];
        else if (a.kind === 'cuboid' && f % 5 === 1) d.annotations[a.sample][a.id] = { ...a, source: 'interpolated' };
      }
    });
    const ours = objectBars(scene);
    for (const o of Object.keys(scene.objects)) {
      const theirs = trackBars(scene, o).filter((b) => b.sensor === 'lidar');
      const mine = ours.find((b) => b.object === o)?.bars.find((b) => b.kind === 'lidar');
      if (!theirs.length) {
        expect(mine).toBeUndefined();
        continue;
      }
      const [t] = theirs;
      expect(mine!.keyframes).toEqual(t.keyframes);
      // their runs are inclusive sample ranges; ours end where the next sample starts (or one period on)
      const times = scene.streams.find((s) => s.sensor === 'lidar')!.samples.map((s) => s.t);
      const theirRuns = t.runs.map((x) => [x.start, x.to + 1 < times.length ? times[x.to + 1] : times[x.to] + 0.1]);
      const merged: number[][] = [];
      for (const x of mine!.runs) {
        const last = merged[merged.length - 1];
        if (last && x.start <= last[1] + 1e-9) last[1] = Math.max(last[1], x.end);
        else merged.push([x.start, x.end]);
      }
      expect(merged.map((x) => x.map((v) => +v.toFixed(6)))).toEqual(theirRuns.map((x) => x.map((v) => +v.toFixed(6))));
      const interpolatedStarts = mine!.runs.filter((x) => x.interpolated).map((x) => +x.start.toFixed(6));
      expect(interpolatedStarts).toEqual(t.interpolated.map((v) => +v.toFixed(6)).filter((v, i, a) => i === 0 || Math.abs(v - a[i - 1] - 0.1) > 1e-6));
    }
  });

  it('is memoised on a frozen document', () => {
    const s = produce(small(), () => undefined);
    Object.freeze(s.annotations);
    Object.freeze(s.streams);
    const frozen = Object.freeze({ ...s });
    expect(objectBars(frozen)).toBe(objectBars(frozen));
  });
});
