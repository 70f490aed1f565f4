/**
 * Lookups the checks share, built once per run: the projection core's SampleIndex (samples by
 * sensor and id with their scene-clock time, frame labels, pairing across sensors — same `frame`
 * label, else the nearest scene time; see core/projection/sampleIndex) plus annotations by sample
 * by object and by id, in O(samples log samples + annotations).
 */
import type { Annotation, Scene } from '../schema';
import { SampleIndex } from '../projection/sampleIndex';
import { allAnnotations } from '../schema';

export type { IndexedSample } from '../projection/sampleIndex';

const sk = (sensor: string, sample: string): string => `${sensor}\u0000${sample}`;

export class SceneIndex extends SampleIndex {
  private readonly bySample = new Map<string, Annotation[]>();
  private readonly byObject = new Map<string, Annotation[]>();
  private readonly byId = new Map<string, Annotation>();

  constructor(scene: Scene) {
    super(scene);
    for (const a of allAnnotations(scene)) {
      if ('sample' in a) push(this.bySample, sk(a.sensor, a.sample), a);
      push(this.byObject, a.object, a);
      this.byId.set(a.id, a);
    }
  }

  /** The annotation with this id (annotations are stored by partition; this is the flat lookup). */
  annotation(id: string): Annotation | undefined {
    return this.byId.get(id);
  }

  /** Annotations placed on one sensor sample (cuboids, boxes, polygons, masks, notVisible). */
  annotationsOn(sensor: string, sample: string): readonly Annotation[] {
    return this.bySample.get(sk(sensor, sample)) ?? [];
  }

  annotationsOf(object: string): readonly Annotation[] {
    return this.byObject.get(object) ?? [];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
