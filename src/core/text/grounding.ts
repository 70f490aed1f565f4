/**
 * What a text describes, and which objects are there to be described.
 *
 * A text lives in a host (TextHost): a document or a transcript segment (a timeSegment with `text`).
 * What it describes:
 * - a `note`: nothing — an annotator's note is never checked against the scene;
 * - a document with `sensor` and `sample` (a frame caption): that sample;
 * - a document with `sensor` only: every sample of that sensor;
 * - any other document (description, caption, prompt or response without a sensor): the whole scene;
 * - a transcript segment: for every visual stream (camera, video, LiDAR) the samples whose scene time
 *   (stream offset and drift applied, core/time/clock) lies in [start, end], or when it has none
 *   there, its sample nearest the segment's midpoint; nothing when the scene has no visual stream.
 *
 * Which objects are there (`present`):
 * - in a camera, video or LiDAR sample: objects with a cuboid, box2d, polygon or mask on that sample
 *   (a notVisible does not count);
 * - in a camera sample also every cuboid of another sensor whose own sample pairs with this camera
 *   sample — the projection core's pairing: same `frame` label, else the camera sample nearest in
 *   scene time (SampleIndex.pair) — and projects into the image (projection/scene `projectPair`:
 *   in front of the near plane and inside the image). A cuboid whose sensor has no chain of
 *   transforms to the camera is not seen by it (an X-ray beside a LiDAR); one whose projection fails
 *   otherwise (broken calibration) counts as present: an unknown is not evidence of a hallucination;
 * - in an audio sample (a document about an audio stream): objects with a time segment on that
 *   sensor overlapping the sample;
 * - in the whole scene: objects with a cuboid, box2d, polygon, mask or time segment anywhere (a
 *   voice heard in the audio is in the scene).
 *
 * A SceneGrounding is built lazily (nothing is projected until a camera sample is asked about) and
 * memoised per scene by `groundingOf` while its annotations, objects, sensors, streams and taxonomy
 * are the same records — a document edit (a keystroke in a caption) reuses it.
 */
import { FrameGraph } from '../calibration/frameGraph';
import { projectPair, PairCache, type CuboidCameraPair } from '../projection/scene';
import { SampleIndex, sampleIndexOf, type IndexedSample } from '../projection/sampleIndex';
import { allAnnotations, documentKind, spansOfHost, type Annotation, type CameraSensor, type Cuboid, type Scene, type TextHost, type TextSpan, type TimeSegment } from '../schema';
import { sceneTime } from '../time/clock';

export interface DescribedSample {
  sensor: string;
  sample: string;
  /** Scene time, seconds. */
  t: number;
}

export interface Described {
  /** `samples`: the listed samples; `scene`: the whole scene; `none`: nothing (a note, a transcript of a scene without a visual stream, an unknown host). */
  scope: 'samples' | 'scene' | 'none';
  samples: DescribedSample[];
  /** True for a note: its text is never checked at all. */
  note: boolean;
  /** For messages: "CAM 2 · 000001", "3 samples of CAM, LIDAR", "the scene", "nothing". */
  label: string;
}

const SPATIAL = new Set(['cuboid', 'box2d', 'polygon', 'mask']);
const VISUAL = new Set(['camera', 'video', 'lidar']);
const sk = (sensor: string, sample: string): string => `${sensor}\u0000${sample}`;
export const hostKey = (h: TextHost): string => (h.segment !== undefined ? `segment:${h.segment}` : `document:${h.document}`);

export class SceneGrounding {
  readonly samples: SampleIndex;
  readonly cache: PairCache;
  private readonly sensors: Map<string, Scene['sensors'][number]>;
  /** What depends only on annotations, objects, sensors, streams and taxonomy (shared by groundingOf across document edits). */
  private readonly shared: Shared;
  private readonly described = new Map<string, Described>();

  constructor(
    readonly scene: Scene,
    opts: { samples?: SampleIndex; cache?: PairCache } = {},
    shared?: Shared,
  ) {
    this.samples = shared?.samples ?? opts.samples ?? sampleIndexOf(scene);
    this.cache = shared?.cache ?? opts.cache ?? new PairCache(scene);
    this.sensors = new Map(scene.sensors.map((s) => [s.id, s]));
    this.shared = shared ?? { samples: this.samples, cache: this.cache, present: new Map(), annotations: scene.annotations, objects: scene.objects, sensors: scene.sensors, streams: scene.streams, taxonomy: scene.taxonomy };
  }

  /** The lazily built lookups, for groundingOf to hand to the next scene. */
  get lookups(): Shared {
    return this.shared;
  }

  /** Every annotation of an object (built on first use). */
  annotationsOf(object: string): readonly Annotation[] {
    if (!this.shared.byObject) {
      const m = new Map<string, Annotation[]>();
      for (const a of allAnnotations(this.scene)) {
        const l = m.get(a.object);
        if (l) l.push(a);
        else m.set(a.object, [a]);
      }
      this.shared.byObject = m;
    }
    return this.shared.byObject.get(object) ?? [];
  }

  /** The transcript segments (timeSegments with `text`) by id. */
  transcriptSegments(): ReadonlyMap<string, TimeSegment> {
    if (!this.shared.segmentsById) {
      const m = new Map<string, TimeSegment>();
      for (const k in this.scene.annotations) {
        if (!k.startsWith('sensor:')) continue;
        const p = this.scene.annotations[k];
        for (const id in p) {
          const a = p[id];
          if (a.kind === 'timeSegment' && a.text !== undefined) m.set(a.id, a);
        }
      }
      this.shared.segmentsById = m;
    }
    return this.shared.segmentsById;
  }

  /** The text of a host, or undefined when there is no such document or transcript segment. */
  hostText(host: TextHost): string | undefined {
    if (host.segment !== undefined) return this.transcriptSegments().get(host.segment)?.text;
    return this.scene.documents.find((d) => d.id === host.document)?.text;
  }

  /** The text spans of a host, in their partition's order. */
  spans(host: TextHost): TextSpan[] {
    return spansOfHost(this.scene, host) as TextSpan[];
  }

  /** What the host's text describes (see the module comment). */
  describedBy(host: TextHost): Described {
    const key = hostKey(host);
    let d = this.described.get(key);
    if (!d) this.described.set(key, (d = this.describe(host)));
    return d;
  }

  private describe(host: TextHost): Described {
    const none = (note = false): Described => ({ scope: 'none', samples: [], note, label: note ? 'a note' : 'nothing' });
    if (host.segment !== undefined) {
      const seg = this.transcriptSegments().get(host.segment);
      if (!seg) return none();
      const out: DescribedSample[] = [];
      for (const st of this.scene.streams) {
        const sensor = this.sensors.get(st.sensor);
        if (!sensor || !VISUAL.has(sensor.kind) || !st.samples.length) continue;
        let any = false;
        for (let i = 0; i < st.samples.length; i++) {
          const t = sceneTime(st, i);
          if (t >= seg.start - 1e-9 && t <= seg.end + 1e-9) {
            out.push({ sensor: st.sensor, sample: st.samples[i].id, t });
            any = true;
          }
        }
        if (!any) {
          const mid = (seg.start + seg.end) / 2;
          let best = 0;
          for (let i = 1; i < st.samples.length; i++) if (Math.abs(sceneTime(st, i) - mid) < Math.abs(sceneTime(st, best) - mid)) best = i;
          out.push({ sensor: st.sensor, sample: st.samples[best].id, t: sceneTime(st, best) });
        }
      }
      return out.length ? { scope: 'samples', samples: out, note: false, label: this.label(out) } : none();
    }
    const doc = this.scene.documents.find((x) => x.id === host.document);
    if (!doc) return none();
    if (documentKind(doc) === 'note') return none(true);
    if (doc.sensor === undefined || this.sensors.get(doc.sensor)?.kind === 'text') return { scope: 'scene', samples: [], note: false, label: 'the scene' };
    const out: DescribedSample[] = [];
    for (const st of this.scene.streams) {
      if (st.sensor !== doc.sensor) continue;
      st.samples.forEach((s, i) => {
        if (doc.sample === undefined || s.id === doc.sample) out.push({ sensor: st.sensor, sample: s.id, t: sceneTime(st, i) });
      });
    }
    return out.length ? { scope: 'samples', samples: out, note: false, label: this.label(out) } : none();
  }

  private label(samples: readonly DescribedSample[]): string {
    const name = (s: string) => this.sensors.get(s)?.name ?? s;
    if (samples.length <= 3) return samples.map((s) => `${name(s.sensor)} · ${s.sample}`).join(', ');
    return `${samples.length} samples of ${[...new Set(samples.map((s) => name(s.sensor)))].join(', ')}`;
  }

  /** Objects present in what `d` describes (see the module comment); empty for `none`. */
  presentIn(d: Described): ReadonlySet<string> {
    if (d.scope === 'none') return new Set();
    if (d.scope === 'scene') return this.inScene();
    if (d.samples.length === 1) return this.inSample(d.samples[0]);
    const out = new Set<string>();
    for (const s of d.samples) for (const o of this.inSample(s)) out.add(o);
    return out;
  }

  /**
   * Classes of the objects present in `d`, each with its objects. An object of a deprecated class
   * also counts for the class that replaces it (the lexicon reads the old class's words as the new).
   */
  classesIn(d: Described): ReadonlyMap<string, string[]> {
    const out = new Map<string, string[]>();
    const add = (c: string, o: string) => {
      const l = out.get(c);
      if (l) l.push(o);
      else out.set(c, [o]);
    };
    for (const o of this.presentIn(d)) {
      const c = this.scene.objects[o]?.classId;
      if (c === undefined) continue;
      add(c, o);
      const r = this.replacedBy().get(c);
      if (r !== undefined && r !== c) add(r, o);
    }
    return out;
  }

  private replacedBy(): ReadonlyMap<string, string> {
    if (!this.shared.replaced) {
      const m = new Map<string, string>();
      for (const c of this.scene.taxonomy.classes) if (c.deprecated && c.replacedBy !== undefined) m.set(c.id, c.replacedBy);
      this.shared.replaced = m;
    }
    return this.shared.replaced;
  }

  /** True when the object has a cuboid, box2d, polygon, mask or time segment anywhere. */
  isGrounded(object: string): boolean {
    return this.inScene().has(object);
  }

  private inScene(): ReadonlySet<string> {
    if (!this.shared.sceneWide) {
      const s = new Set<string>();
      for (const a of allAnnotations(this.scene)) if (SPATIAL.has(a.kind) || a.kind === 'timeSegment') s.add(a.object);
      this.shared.sceneWide = s;
    }
    return this.shared.sceneWide;
  }

  private inSample(d: DescribedSample): ReadonlySet<string> {
    const key = sk(d.sensor, d.sample);
    let out = this.shared.present.get(key);
    if (out) return out;
    const s = new Set<string>();
    const sensor = this.sensors.get(d.sensor);
    if (sensor?.kind === 'audio') {
      const st = this.samples.sample(d.sensor, d.sample);
      const end = d.t + (st?.sample.duration ?? 0);
      const p = this.scene.annotations[`sensor:${d.sensor}`] ?? {};
      for (const id in p) {
        const a = p[id];
        if (a.kind === 'timeSegment' && a.sensor === d.sensor && a.start <= end && a.end >= d.t) s.add(a.object);
      }
    } else {
      const p = this.scene.annotations[d.sample] ?? {};
      for (const id in p) {
        const a = p[id];
        if (SPATIAL.has(a.kind) && 'sample' in a && a.sensor === d.sensor && a.sample === d.sample) s.add(a.object);
      }
      if (sensor?.kind === 'camera') for (const o of this.projectedInto(sensor, d.sample)) s.add(o);
    }
    this.shared.present.set(key, (out = s));
    return out;
  }

  /** Objects of cuboids (of other sensors) paired with this camera sample that project into its image. */
  private projectedInto(camera: CameraSensor, sample: string): string[] {
    if (!this.shared.pairs) {
      const m = new Map<string, { cuboid: Cuboid; own: IndexedSample }[]>();
      const cameras = this.scene.sensors.filter((s): s is CameraSensor => s.kind === 'camera');
      for (const a of allAnnotations(this.scene)) {
        if (a.kind !== 'cuboid') continue;
        const own = this.samples.sample(a.sensor, a.sample);
        if (!own) continue;
        for (const c of cameras) {
          if (c.id === a.sensor) continue;
          const p = this.samples.pair(own, c.id);
          if (!p) continue;
          const k = sk(c.id, p.sample.id);
          const l = m.get(k);
          if (l) l.push({ cuboid: a, own });
          else m.set(k, [{ cuboid: a, own }]);
        }
      }
      this.shared.pairs = m;
    }
    const list = this.shared.pairs.get(sk(camera.id, sample));
    const cam = this.samples.sample(camera.id, sample);
    if (!list || !cam) return [];
    const out: string[] = [];
    for (const { cuboid, own } of list) {
      const s = this.sensors.get(cuboid.sensor);
      const frame = s && (s.kind === 'camera' || s.kind === 'lidar') ? s.frame : undefined;
      if (frame === undefined) continue;
      const pair: CuboidCameraPair = { cuboid, own, frame, camera, sample: cam };
      let seen: boolean;
      try {
        seen = projectPair(this.scene, this.cache, pair) !== undefined;
      } catch {
        seen = !unrelated(this.scene, frame, camera.frame, own, cam);
      }
      if (seen) out.push(cuboid.object);
    }
    return out;
  }
}

/** True when no chain of transforms links the two frames (with both samples' own transforms); false when unsure. */
function unrelated(scene: Scene, from: string, to: string, a: IndexedSample, b: IndexedSample): boolean {
  try {
    return !FrameGraph.fromScene(scene, [a.sample, b.sample]).has(from, to);
  } catch {
    return false;
  }
}

/** The lookups of a SceneGrounding that depend only on the scene's annotations, objects, sensors, streams and taxonomy. */
export interface Shared {
  samples: SampleIndex;
  cache: PairCache;
  annotations: Scene['annotations'];
  objects: Scene['objects'];
  sensors: Scene['sensors'];
  streams: Scene['streams'];
  taxonomy: Scene['taxonomy'];
  byObject?: Map<string, Annotation[]>;
  segmentsById?: Map<string, TimeSegment>;
  pairs?: Map<string, { cuboid: Cuboid; own: IndexedSample }[]>;
  present: Map<string, ReadonlySet<string>>;
  sceneWide?: ReadonlySet<string>;
  replaced?: ReadonlyMap<string, string>;
}

const perScene = new WeakMap<Scene, SceneGrounding>();
const perAnnotations = new WeakMap<object, Shared>();

/**
 * The scene's grounding, memoised per scene object; a scene whose annotations, objects, sensors,
 * streams and taxonomy are the records of an earlier one (a document edit) reuses that one's lookups. Only frozen
 * scenes (store states) are memoised: a mutable scene can change under a cache.
 */
export function groundingOf(scene: Scene): SceneGrounding {
  if (!Object.isFrozen(scene) || !Object.isFrozen(scene.annotations)) return new SceneGrounding(scene);
  const hit = perScene.get(scene);
  if (hit) return hit;
  const prev = perAnnotations.get(scene.annotations);
  const reuse = prev && prev.objects === scene.objects && prev.sensors === scene.sensors && prev.streams === scene.streams && prev.taxonomy === scene.taxonomy ? prev : undefined;
  const g = new SceneGrounding(scene, {}, reuse);
  perScene.set(scene, g);
  perAnnotations.set(scene.annotations, g.lookups);
  return g;
}
