/**
 * Lookups the checks share, built once per run in one pass over the annotations: the projection
 * core's SampleIndex (samples by sensor and id with their scene-clock time, frame labels, pairing
 * across sensors — same `frame` label, else the nearest scene time; see core/projection/sampleIndex),
 * the annotations as an array (allAnnotations' own) and by kind (iterating `Object.values` of a
 * 17k-key record costs more than a check's own work), a number per object (so that checks keep
 * per-object data in arrays and compare numbers, not ids), kind codes and flags (so that a check
 * skips an annotation without reading it), a number per sensor sample with each sample's
 * annotations contiguous in typed arrays, and, built on first ask, by object and by object on a
 * sample. Nested maps, no string keys: O(samples log samples + annotations). Runs of annotations on
 * the same sensor or sample (the usual order of a record: partition by partition, schema v3) reuse
 * the previous lookup. `annotation(id)` is the flat lookup by id (built on first use).
 *
 * The SampleIndex depends only on streams, so an incremental run passes the one it already has
 * (see live.ts) instead of rebuilding it for every edit.
 */
import type { Annotation, Box2D, Cuboid, ObjectTrack, Scene, TextSpan } from '../schema';
import { sampleIndexOf, type IndexedSample, type SampleIndex } from '../projection/sampleIndex';
import { allAnnotations } from '../schema';

export type { IndexedSample } from '../projection/sampleIndex';

const NONE: readonly Annotation[] = [];

/** `SceneIndex.kindOf` codes (0: any other kind). */
export const KIND = { cuboid: 1, box2d: 2, notVisible: 3, textSpan: 4 } as const;
/** `SceneIndex.flags` bits: the annotation has `attributes` (not undefined); it is a box with a `fromCuboid`. */
export const HAS_ATTRIBUTES = 1;
export const LINKED_BOX = 2;

/** One sensor's samples by id → sample number; `last` / `lastNo` short-cut the lookup for runs of annotations on the same sample. */
interface OnSensor {
  samples: Map<string, number>;
  last?: string;
  lastNo: number;
}

export class SceneIndex {
  /** Every annotation, in the record's order (allAnnotations' array: read it, never change it). */
  readonly annotations: readonly Annotation[];
  /** Per annotation (parallel to `annotations`): the number of its object; objects are numbered in order of first appearance, `objectIds[n]` is the id. */
  readonly objectNo: Int32Array;
  /** Per annotation: its kind as a KIND code, and its HAS_ATTRIBUTES / LINKED_BOX bits (so that a check can skip an annotation without reading it). */
  readonly kindOf: Uint8Array;
  readonly flags: Uint8Array;
  readonly objectIds: string[] = [];
  readonly cuboids: Cuboid[] = [];
  /** Per cuboid (parallel to `cuboids`): its object's number, and the number of its sensor sample. */
  readonly cuboidObject: Int32Array;
  readonly cuboidSample: Int32Array;
  /** Sensor samples that carry annotations, numbered in order of first appearance: sensor and sample id by number. */
  readonly groupSensor: string[] = [];
  /**
   * The annotations of each sensor sample, contiguous: sample g holds `onSample[k]` (positions in
   * `annotations`, in the record's order) for `sampleStart[g] ≤ k < sampleStart[g + 1]`, and
   * `onSampleObject[k]` is that annotation's object number (scanned without touching the records).
   */
  readonly sampleStart: Int32Array;
  readonly onSample: Int32Array;
  readonly onSampleObject: Int32Array;
  /** Per sample number, built on first ask: its annotations as records, and grouped by object id. */
  private lists: (Annotation[] | undefined)[] = [];
  private groupedByObject: (Map<string, Annotation[]> | undefined)[] = [];
  readonly groupSample: string[] = [];
  readonly boxes: Box2D[] = [];
  /** Per box (parallel to `boxes`): its object's number. */
  readonly boxObject: Int32Array;
  readonly spans: TextSpan[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly bySample = new Map<string, OnSensor>();
  private byObject: Map<string, Annotation[]> | undefined;
  private byId: Map<string, Annotation> | undefined;
  private records: (ObjectTrack | undefined)[] | undefined;

  constructor(
    readonly scene: Scene,
    readonly samples: SampleIndex = sampleIndexOf(scene),
  ) {
    const all = (this.annotations = allAnnotations(scene));
    const objectNo = (this.objectNo = new Int32Array(all.length));
    const kindOf = (this.kindOf = new Uint8Array(all.length));
    const flags = (this.flags = new Uint8Array(all.length));
    const cuboidObject = (this.cuboidObject = new Int32Array(all.length));
    const cuboidSample = (this.cuboidSample = new Int32Array(all.length));
    const boxObject = (this.boxObject = new Int32Array(all.length));
    const sampleOf = new Int32Array(all.length).fill(-1);
    const { numbers, objectIds, cuboids, boxes } = this;
    let lastSensor: string | undefined, m: OnSensor | undefined;
    for (let i = 0; i < all.length; i++) {
      const a = all[i];
      let no = numbers.get(a.object);
      if (no === undefined) {
        no = objectIds.length;
        objectIds.push(a.object);
        numbers.set(a.object, no);
      }
      objectNo[i] = no;
      if (a.attributes !== undefined) flags[i] = HAS_ATTRIBUTES;
      if (a.kind === 'cuboid') {
        kindOf[i] = KIND.cuboid;
        cuboidObject[cuboids.length] = no;
        cuboidSample[cuboids.length] = -1;
        cuboids.push(a);
      } else if (a.kind === 'box2d') {
        kindOf[i] = KIND.box2d;
        if (a.fromCuboid) flags[i] |= LINKED_BOX;
        boxObject[boxes.length] = no;
        boxes.push(a);
      } else if (a.kind === 'notVisible') kindOf[i] = KIND.notVisible;
      else if (a.kind === 'textSpan') {
        kindOf[i] = KIND.textSpan;
        this.spans.push(a);
      }
      if ('sample' in a) {
        if (a.sensor !== lastSensor || !m) {
          m = this.bySample.get(a.sensor);
          if (!m) this.bySample.set(a.sensor, (m = { samples: new Map(), lastNo: -1 }));
          lastSensor = a.sensor;
        }
        let g: number;
        if (m.last === a.sample) g = m.lastNo;
        else {
          const f = m.samples.get(a.sample);
          if (f !== undefined) g = f;
          else {
            m.samples.set(a.sample, (g = this.groupSensor.length));
            this.groupSensor.push(a.sensor);
            this.groupSample.push(a.sample);
          }
          m.last = a.sample;
          m.lastNo = g;
        }
        sampleOf[i] = g;
        if (a.kind === 'cuboid') cuboidSample[cuboids.length - 1] = g;
      }
    }
    // annotations by sample: a counting sort of their positions by sample number (stable)
    const groups = this.groupSensor.length;
    const start = (this.sampleStart = new Int32Array(groups + 1));
    for (let i = 0; i < all.length; i++) if (sampleOf[i] >= 0) start[sampleOf[i] + 1]++;
    for (let g = 0; g < groups; g++) start[g + 1] += start[g];
    const fill = start.slice(0, groups);
    const on = (this.onSample = new Int32Array(start[groups])), onObject = (this.onSampleObject = new Int32Array(start[groups]));
    for (let i = 0; i < all.length; i++) {
      const g = sampleOf[i];
      if (g < 0) continue;
      const k = fill[g]++;
      on[k] = i;
      onObject[k] = objectNo[i];
    }
  }

  /** The number of object `id` (−1 when no annotation names it). */
  objectNumber(id: string): number {
    return this.numbers.get(id) ?? -1;
  }

  /** `scene.objects[id]` of object number `no` (looked up once per object). */
  object(no: number): ObjectTrack | undefined {
    if (!this.records) {
      const r: (ObjectTrack | undefined)[] = (this.records = new Array(this.objectIds.length));
      for (let n = 0; n < r.length; n++) r[n] = this.scene.objects[this.objectIds[n]];
    }
    return this.records[no];
  }

  /** The annotation with this id (annotations are stored by partition; this is the flat lookup). */
  annotation(id: string): Annotation | undefined {
    if (!this.byId) {
      this.byId = new Map();
      for (const a of this.annotations) this.byId.set(a.id, a);
    }
    return this.byId.get(id);
  }

  sample(sensor: string, sample: string): IndexedSample | undefined {
    return this.samples.sample(sensor, sample);
  }

  /** The sample of `sensor` paired with `from`: same `frame` label, else nearest scene time. */
  pair(from: Pick<IndexedSample, 'sample' | 't'>, sensor: string): IndexedSample | undefined {
    return this.samples.pair(from, sensor);
  }

  pairAt(sensor: string, frame: string | undefined, t: number): IndexedSample | undefined {
    return this.samples.pairAt(sensor, frame, t);
  }

  /** The number of one sensor sample, −1 when no annotation is on it (the last one looked up per sensor is remembered). */
  sampleNumber(sensor: string, sample: string): number {
    const m = this.bySample.get(sensor);
    if (!m) return -1;
    if (m.last === sample) return m.lastNo;
    const g = m.samples.get(sample);
    if (g === undefined) return -1;
    m.last = sample;
    m.lastNo = g;
    return g;
  }

  /** Annotations placed on one sensor sample (cuboids, boxes, polygons, masks, notVisible). */
  annotationsOn(sensor: string, sample: string): readonly Annotation[] {
    const g = this.sampleNumber(sensor, sample);
    if (g < 0) return NONE;
    let l = this.lists[g];
    if (!l) {
      l = this.lists[g] = [];
      for (let k = this.sampleStart[g]; k < this.sampleStart[g + 1]; k++) l.push(this.annotations[this.onSample[k]]);
    }
    return l;
  }

  /** How many annotations are placed on one sensor sample. */
  countOn(sensor: string, sample: string): number {
    const g = this.sampleNumber(sensor, sample);
    return g < 0 ? 0 : this.sampleStart[g + 1] - this.sampleStart[g];
  }

  /** Annotations of one object on one sensor sample (grouped lazily, once per sample). */
  annotationsOfOn(object: string, sensor: string, sample: string): readonly Annotation[] {
    const g = this.sampleNumber(sensor, sample);
    if (g < 0) return NONE;
    let by = this.groupedByObject[g];
    if (!by) {
      by = this.groupedByObject[g] = new Map();
      for (const a of this.annotationsOn(sensor, sample)) push(by, a.object, a);
    }
    return by.get(object) ?? NONE;
  }

  /** Annotations of one object, in the record's order (grouped on first ask). */
  annotationsOf(object: string): readonly Annotation[] {
    if (!this.byObject) {
      const by = (this.byObject = new Map());
      let lastObject: string | undefined, last: Annotation[] | undefined;
      for (const a of this.annotations) {
        if (last && a.object === lastObject) last.push(a);
        else {
          let l = by.get(a.object);
          if (l) l.push(a);
          else by.set(a.object, (l = [a]));
          lastObject = a.object;
          last = l;
        }
      }
    }
    return this.byObject.get(object) ?? NONE;
  }

  /** True when object number `no` has an annotation of one of `kinds` on the sensor sample (a scan of the sample's object numbers: no grouping built). */
  hasOn(no: number, sensor: string, sample: string, kinds: ReadonlySet<string>): boolean {
    const g = this.sampleNumber(sensor, sample);
    if (g < 0) return false;
    const objs = this.onSampleObject;
    for (let k = this.sampleStart[g], e = this.sampleStart[g + 1]; k < e; k++) if (objs[k] === no && kinds.has(this.annotations[this.onSample[k]].kind)) return true;
    return false;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The sensor sample of each cuboid as a number (SceneIndex.cuboidSample: one per sensor and sample id), `count` of them. */
export interface CuboidSamples {
  of: Int32Array;
  count: number;
}

/** CuboidSamples computed here (by sensor, then sample id), for callers without a SceneIndex. */
export function numberSamples(cuboids: readonly { sensor: string; sample: string }[]): CuboidSamples {
  const of = new Int32Array(cuboids.length);
  const nos = new Map<string, Map<string, number>>();
  let count = 0, lastSensor: string | undefined, lastSample: string | undefined, last = -1;
  for (let k = 0; k < cuboids.length; k++) {
    const a = cuboids[k];
    if (last < 0 || a.sample !== lastSample || a.sensor !== lastSensor) {
      let bySample = nos.get(a.sensor);
      if (!bySample) nos.set(a.sensor, (bySample = new Map()));
      let no = bySample.get(a.sample);
      if (no === undefined) bySample.set(a.sample, (no = count++));
      last = no;
      lastSensor = a.sensor;
      lastSample = a.sample;
    }
    of[k] = last;
  }
  return { of, count };
}
