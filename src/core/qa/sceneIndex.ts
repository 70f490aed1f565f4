/**
 * Lookups the checks share, built once per run in one pass over the annotations: the projection
 * core's SampleIndex (samples by sensor and id with their scene-clock time, frame labels, pairing
 * across sensors — same `frame` label, else the nearest scene time; see core/projection/sampleIndex),
 * the annotations as an array and by kind (iterating `Object.values` of a 17k-key record costs more
 * than a check's own work), by sample, by object, and by object on a sample. Nested maps, no string
 * keys: O(samples log samples + annotations). The annotations are read partition by partition
 * (schema v3, allAnnotations); `annotation(id)` is the flat lookup by id.
 *
 * The SampleIndex depends only on streams, so an incremental run passes the one it already has
 * (see live.ts) instead of rebuilding it for every edit.
 */
import type { Annotation, Box2D, Cuboid, Scene, TextSpan } from '../schema';
import { sampleIndexOf, type IndexedSample, type SampleIndex } from '../projection/sampleIndex';
import { allAnnotations } from '../schema';

export type { IndexedSample } from '../projection/sampleIndex';

const NONE: readonly Annotation[] = [];

export class SceneIndex {
  /** Every annotation, in the record's order. */
  readonly annotations: Annotation[] = [];
  readonly cuboids: Cuboid[] = [];
  readonly boxes: Box2D[] = [];
  readonly spans: TextSpan[] = [];
  private readonly bySample = new Map<string, Map<string, Annotation[]>>();
  private readonly byObject = new Map<string, Annotation[]>();
  private readonly byId = new Map<string, Annotation>();
  private readonly byObjectOn = new WeakMap<readonly Annotation[], Map<string, Annotation[]>>();

  constructor(
    readonly scene: Scene,
    readonly samples: SampleIndex = sampleIndexOf(scene),
  ) {
    for (const a of allAnnotations(scene)) {
      this.annotations.push(a);
      if (a.kind === 'cuboid') this.cuboids.push(a);
      else if (a.kind === 'box2d') this.boxes.push(a);
      else if (a.kind === 'textSpan') this.spans.push(a);
      if ('sample' in a) {
        let m = this.bySample.get(a.sensor);
        if (!m) this.bySample.set(a.sensor, (m = new Map()));
        push(m, a.sample, a);
      }
      push(this.byObject, a.object, a);
      this.byId.set(a.id, a);
    }
  }

  /** The annotation with this id (annotations are stored by partition; this is the flat lookup). */
  annotation(id: string): Annotation | undefined {
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
    return this.bySample.get(sensor)?.get(sample) ?? NONE;
  }

  /** Annotations of one object on one sensor sample (grouped lazily, once per sample). */
  annotationsOfOn(object: string, sensor: string, sample: string): readonly Annotation[] {
    const on = this.bySample.get(sensor)?.get(sample);
    if (!on) return NONE;
    let m = this.byObjectOn.get(on);
    if (!m) {
      m = new Map();
      for (const a of on) push(m, a.object, a);
      this.byObjectOn.set(on, m);
    }
    return m.get(object) ?? NONE;
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
