/**
 * What a timeline draws for one object: per sensor, the runs of samples where the object is
 * annotated (a gap between runs is a stretch of samples with nothing), and the scene times of its
 * keyframes, interpolated frames and not-visible marks. Derived, never stored.
 */
import type { Scene } from '../schema';
import { sensorsOfObject, trackOf, type TrackEntry } from './track';

export interface TrackRun {
  /** Stream indices of the first and last sample of the run. */
  from: number;
  to: number;
  /** Scene times of those samples, seconds. */
  start: number;
  end: number;
}

export interface TrackBar {
  sensor: string;
  runs: TrackRun[];
  /** Scene times (seconds) of samples holding a keyframe / only interpolated annotations / a not-visible mark. */
  keyframes: number[];
  interpolated: number[];
  notVisible: number[];
  /** The entries the bar was built from (annotation ids for selection). */
  entries: TrackEntry[];
}

/** One bar per sensor on which `object` has sample-bound annotations, in the scene's sensor order. */
export function trackBars(scene: Pick<Scene, 'annotations' | 'streams' | 'sensors'>, object: string): TrackBar[] {
  const on = new Set(sensorsOfObject(scene, object));
  const out: TrackBar[] = [];
  for (const sensor of scene.sensors) {
    if (!on.has(sensor.id)) continue;
    const tr = trackOf(scene, object, sensor.id);
    const runs: TrackRun[] = [];
    const keyframes: number[] = [], interpolated: number[] = [], notVisible: number[] = [];
    let i = 0;
    while (i < tr.entries.length) {
      // all entries of one sample
      const e = tr.entries[i];
      let j = i;
      let key = false, interp = false, nv = false;
      for (; j < tr.entries.length && tr.entries[j].index === e.index; j++) {
        const a = tr.entries[j].annotation;
        if (a.kind === 'notVisible') nv = true;
        else if (tr.entries[j].keyframe) key = true;
        else interp = true;
      }
      if (key) keyframes.push(e.t);
      else if (interp) interpolated.push(e.t);
      if (nv) notVisible.push(e.t);
      const run = runs[runs.length - 1];
      if (run && run.to === e.index - 1) {
        run.to = e.index;
        run.end = e.t;
      } else runs.push({ from: e.index, to: e.index, start: e.t, end: e.t });
      i = j;
    }
    out.push({ sensor: sensor.id, runs, keyframes, interpolated, notVisible, entries: tr.entries });
  }
  return out;
}
