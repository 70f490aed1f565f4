/**
 * Lookups the checks share, built once per run in one pass over the annotations: the projection
 * core's SampleIndex (samples by sensor and id with their scene-clock time, frame labels, pairing
 * across sensors — same `frame` label, else the nearest scene time; see core/projection/sampleIndex),
 * the annotations as an array and by kind (iterating `Object.values` of a 17k-key record costs more
 * than a check's own work), by sample, by object, and by object on a sample. Nested maps, no string
 * keys: O(samples log samples + annotations). Runs of annotations on the same sample or of the same
 * object (the usual order of a record: partition by partition, schema v3) reuse the previous lookup.
 * `annotation(id)` is the flat lookup by id (built on first use).
 *
 * The SampleIndex depends only on streams, so an incremental run passes the one it already has
 * (see live.ts) instead of rebuilding it for every edit.
 */
import type { Annotation, Box2D, Cuboid, Scene, TextSpan } from '../schema';
import { sampleIndexOf, type IndexedSample, type SampleIndex } from '../projection/sampleIndex';
import { allAnnotations } from '../schema';

export type { IndexedSample } from '../projection/sampleIndex';

const NONE: readonly Annotation[] = [];

/** The annotations on one sensor sample, and (built on first ask) the same grouped by object. */
interface OnSample {
  list: Annotation[];
  byObject?: Map<string, Annotation[]>;
}

/** One sensor's samples; `last` / `lastEntry` short-cut the lookup for runs of annotations on the same sample. */
interface OnSensor {
  samples: Map<string, OnSample>;
  last?: string;
  lastEntry?: OnSample;
}

export class SceneIndex {
  /** Every annotation, in the record's order. */
  readonly annotations: Annotation[] = [];
  readonly cuboids: Cuboid[] = [];
  readonly boxes: Box2D[] = [];
  readonly spans: TextSpan[] = [];
  private readonly bySample = new Map<string, OnSensor>();
  private readonly byObject = new Map<string, Annotation[]>();
  private byId: Map<string, Annotation> | undefined;

  constructor(
    readonly scene: Scene,
    readonly samples: SampleIndex = sampleIndexOf(scene),
  ) {
    let lastObject: string | undefined, lastOfObject: Annotation[] | undefined;
    for (const a of allAnnotations(scene)) {
      this.annotations.push(a);
      if (a.kind === 'cuboid') this.cuboids.push(a);
      else if (a.kind === 'box2d') this.boxes.push(a);
      else if (a.kind === 'textSpan') this.spans.push(a);
      if ('sample' in a) {
        let m = this.bySample.get(a.sensor);
        if (!m) this.bySample.set(a.sensor, (m = { samples: new Map() }));
        if (m.last === a.sample) m.lastEntry!.list.push(a);
        else {
          let e = m.samples.get(a.sample);
          if (e) e.list.push(a);
          else m.samples.set(a.sample, (e = { list: [a] }));
          m.last = a.sample;
          m.lastEntry = e;
        }
      }
      if (lastOfObject && a.object === lastObject) lastOfObject.push(a);
      else {
        let l = this.byObject.get(a.object);
        if (l) l.push(a);
        else this.byObject.set(a.object, (l = [a]));
        lastObject = a.object;
        lastOfObject = l;
      }
    }
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

  /** Annotations placed on one sensor sample (cuboids, boxes, polygons, masks, notVisible). */
  annotationsOn(sensor: string, sample: string): readonly Annotation[] {
    return this.bySample.get(sensor)?.samples.get(sample)?.list ?? NONE;
  }

  /** Annotations of one object on one sensor sample (grouped lazily, once per sample). */
  annotationsOfOn(object: string, sensor: string, sample: string): readonly Annotation[] {
    const m = this.bySample.get(sensor);
    if (!m) return NONE;
    const on = m.last === sample ? m.lastEntry : m.samples.get(sample);
    if (!on) return NONE;
    m.last = sample;
    m.lastEntry = on;
    let by = on.byObject;
    if (!by) {
      by = on.byObject = new Map();
      for (const a of on.list) push(by, a.object, a);
    }
    return by.get(object) ?? NONE;
  }

  annotationsOf(object: string): readonly Annotation[] {
    return this.byObject.get(object) ?? NONE;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
