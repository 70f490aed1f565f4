/**
 * What the track lanes draw, for every object at once (one pass over the annotations): per object
 * and per modality (sensor kind), the stretches of scene time in which a view shows the object's
 * label, the keyframes, the interpolated stretches and the not-visible marks.
 *
 * A sample-bound annotation on sample i of a stream is on screen while that sample is shown,
 * i.e. from its time t_i to the next sample's t_(i+1) (views show the sample at or before the
 * playhead); the last sample of a stream lasts its `duration`, else the stream's typical period.
 * So two labels on consecutive samples make one continuous run, and an unlabelled sample between
 * two labelled ones is a visible gap. A sample whose annotations (of that object on that sensor)
 * are all `source: 'interpolated'` is interpolated; any other source makes it a keyframe (the same
 * rule as src/core/tracks). `notVisible` marks are not presence: they are listed apart. Time
 * segments (audio/video) are runs of their own [start, end]. Text spans have no time: not drawn.
 *
 * Memoised per frozen document (store states): the same arrays come back while the annotations
 * and streams do not change.
 */
import { allAnnotations, type Annotation, type Scene, type SensorKind } from '../../core/schema';
import { sceneTime } from '../../core/time';

export interface BarCell {
  /** Scene seconds: the sample's time and the next sample's (see the module comment). */
  start: number;
  end: number;
  sensor: string;
  /** The sample; '' for a time segment. */
  sample: string;
  /** An annotation of the object there (the first keyframe, else the first), for selection. */
  annotation: string;
  keyframe: boolean;
}

export interface BarRun {
  start: number;
  end: number;
  interpolated: boolean;
}

export interface ModalityBar {
  kind: SensorKind;
  /** The sensors of this kind the object is labelled on. */
  sensors: string[];
  /** Sorted by start. */
  cells: BarCell[];
  /** Cells merged where they touch, keyframed and interpolated apart; sorted by start. */
  runs: BarRun[];
  /** Scene times of keyframes on samples (time segments are not keyframes). */
  keyframes: number[];
  notVisible: number[];
}

export interface ObjectBars {
  object: string;
  bars: ModalityBar[];
  /** The object's lifetime when it is known apart from its geometry (ObjectTrack.intervals). */
  lifetime: { start: number; end: number }[];
}

const KIND_ORDER: SensorKind[] = ['camera', 'video', 'lidar', 'audio', 'text'];
const EPS = 1e-9;

interface SampleSlot {
  start: number;
  end: number;
}

/** sensor id → sample id → [start, end) on screen. */
function sampleSlots(scene: Pick<Scene, 'streams'>): Map<string, Map<string, SampleSlot>> {
  const out = new Map<string, Map<string, SampleSlot>>();
  for (const st of scene.streams) {
    const n = st.samples.length;
    const times = st.samples.map((_, i) => sceneTime(st, i));
    const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    const period = gaps.length ? gaps[gaps.length >> 1] : 0;
    const m = out.get(st.sensor) ?? new Map<string, SampleSlot>();
    for (let i = 0; i < n; i++) {
      const end = i + 1 < n ? times[i + 1] : times[i] + (st.samples[i].duration ?? period);
      m.set(st.samples[i].id, { start: times[i], end: Math.max(end, times[i]) });
    }
    out.set(st.sensor, m);
  }
  return out;
}

/** The scene's time range including how long its last samples are shown (the last one lasts its duration, else its stream's period). */
export function shownRange(scene: Pick<Scene, 'streams'>): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const [, m] of sampleSlots(scene))
    for (const slot of m.values()) {
      start = Math.min(start, slot.start);
      end = Math.max(end, slot.end);
    }
  return Number.isFinite(start) ? { start, end } : { start: 0, end: 0 };
}

function mergeRuns(cells: BarCell[]): BarRun[] {
  const runs: BarRun[] = [];
  // keyframed and interpolated stretches are merged separately, then listed by start
  for (const interpolated of [false, true]) {
    let cur: BarRun | null = null;
    for (const c of cells) {
      if (c.keyframe === interpolated) continue;
      if (cur && c.start <= cur.end + EPS) cur.end = Math.max(cur.end, c.end);
      else runs.push((cur = { start: c.start, end: c.end, interpolated }));
    }
  }
  return runs.sort((a, b) => a.start - b.start || Number(a.interpolated) - Number(b.interpolated));
}

const cache = new WeakMap<object, { streams: object; objects: object; bars: ObjectBars[] }>();

/** Bars of every object that has something on the clock, ordered by first appearance (then id). */
export function objectBars(scene: Pick<Scene, 'annotations' | 'streams' | 'sensors' | 'objects'>): ObjectBars[] {
  const hit = cache.get(scene.annotations);
  if (hit && hit.streams === scene.streams && hit.objects === scene.objects) return hit.bars;
  const bars = computeBars(scene);
  if (Object.isFrozen(scene.annotations)) cache.set(scene.annotations, { streams: scene.streams, objects: scene.objects, bars });
  return bars;
}

function computeBars(scene: Pick<Scene, 'annotations' | 'streams' | 'sensors' | 'objects'>): ObjectBars[] {
  const slots = sampleSlots(scene);
  const kindOf = new Map(scene.sensors.map((s) => [s.id, s.kind]));
  /** object → kind → (sensor|sample) → cell under construction */
  const cells = new Map<string, Map<SensorKind, Map<string, BarCell>>>();
  const notVisible = new Map<string, Map<SensorKind, number[]>>();
  const sensorsOf = new Map<string, Map<SensorKind, Set<string>>>();
  const slotOf = (object: string, kind: SensorKind) => {
    let byKind = cells.get(object);
    if (!byKind) cells.set(object, (byKind = new Map()));
    let m = byKind.get(kind);
    if (!m) byKind.set(kind, (m = new Map()));
    return m;
  };
  const noteSensor = (object: string, kind: SensorKind, sensor: string) => {
    let byKind = sensorsOf.get(object);
    if (!byKind) sensorsOf.set(object, (byKind = new Map()));
    let s = byKind.get(kind);
    if (!s) byKind.set(kind, (s = new Set()));
    s.add(sensor);
  };

  const add = (a: Annotation) => {
    if (a.kind === 'textSpan') return;
    const kind = kindOf.get(a.sensor);
    if (!kind) return;
    if (a.kind === 'timeSegment') {
      noteSensor(a.object, kind, a.sensor);
      slotOf(a.object, kind).set(`${a.sensor}|#${a.id}`, { start: a.start, end: a.end, sensor: a.sensor, sample: '', annotation: a.id, keyframe: true });
      return;
    }
    const slot = slots.get(a.sensor)?.get(a.sample);
    if (!slot) return;
    if (a.kind === 'notVisible') {
      let byKind = notVisible.get(a.object);
      if (!byKind) notVisible.set(a.object, (byKind = new Map()));
      const list = byKind.get(kind) ?? [];
      list.push(slot.start);
      byKind.set(kind, list);
      return;
    }
    noteSensor(a.object, kind, a.sensor);
    const m = slotOf(a.object, kind);
    const key = `${a.sensor}|${a.sample}`;
    const keyframe = a.source !== 'interpolated';
    const cur = m.get(key);
    if (!cur) m.set(key, { start: slot.start, end: slot.end, sensor: a.sensor, sample: a.sample, annotation: a.id, keyframe });
    else if (keyframe && !cur.keyframe) m.set(key, { ...cur, annotation: a.id, keyframe: true });
  };
  for (const a of allAnnotations(scene)) add(a);

  const objects = new Set([...cells.keys(), ...notVisible.keys()]);
  for (const o of Object.values(scene.objects)) if (o.intervals?.length) objects.add(o.id);
  const out: ObjectBars[] = [];
  for (const object of objects) {
    if (!scene.objects[object]) continue;
    const bars: ModalityBar[] = [];
    for (const kind of KIND_ORDER) {
      const m = cells.get(object)?.get(kind);
      const nv = notVisible.get(object)?.get(kind);
      if (!m && !nv) continue;
      const list = m ? [...m.values()].sort((a, b) => a.start - b.start || a.end - b.end) : [];
      const keyframes = [...new Set(list.filter((c) => c.keyframe && c.sample !== '').map((c) => c.start))];
      bars.push({
        kind,
        sensors: [...(sensorsOf.get(object)?.get(kind) ?? [])],
        cells: list,
        runs: mergeRuns(list),
        keyframes,
        notVisible: [...new Set(nv ?? [])].sort((a, b) => a - b),
      });
    }
    out.push({ object, bars, lifetime: scene.objects[object].intervals?.map((i) => ({ start: i.start, end: i.end })) ?? [] });
  }
  const first = (b: ObjectBars) => Math.min(...b.bars.flatMap((x) => x.cells.map((c) => c.start)), ...b.lifetime.map((l) => l.start), Infinity);
  const firstOf = new Map(out.map((b) => [b.object, first(b)]));
  return out.sort((a, b) => firstOf.get(a.object)! - firstOf.get(b.object)! || a.object.localeCompare(b.object, 'en', { numeric: true }));
}

/** The cell of `bar` under scene time `t`: the one containing it, else the nearest (for clicks on thin cells). */
export function cellAt(bar: ModalityBar, t: number): BarCell | undefined {
  let best: BarCell | undefined;
  let dist = Infinity;
  for (const c of bar.cells) {
    const d = t < c.start ? c.start - t : t > c.end ? t - c.end : 0;
    // inside two touching cells: the later one starts at t
    if (d < dist || (d === 0 && dist === 0 && c.start <= t)) {
      best = c;
      dist = d;
    }
  }
  return best;
}
