/**
 * Hallucination and contradiction rules on the hand-built scene of testScene.ts (what each sample
 * holds is derived by hand in its comment). Expected offsets are counted by hand and checked by
 * slicing the text.
 */
import { describe, expect, it } from 'vitest';
import { Scene, setAnnotation, type TextDocument, type TextHost } from '../schema';
import { textFlags, type TextFlag } from './flags';
import { makeTextScene } from './testScene';

type DocInit = Omit<TextDocument, 'language'> & { language?: string };

/** A text scene with one document and spans over the given words, each linked to an object. */
function withDoc(doc: DocInit, links: [words: string, object: string][] = [], scene = makeTextScene()): { scene: Scene; host: TextHost } {
  scene.documents.push({ language: 'en', ...doc });
  links.forEach(([words, object], i) => {
    const start = doc.text.indexOf(words);
    if (start < 0) throw new Error(`"${words}" not in "${doc.text}"`);
    setAnnotation(scene, { id: `sp${i}`, kind: 'textSpan', object, document: doc.id, start, end: start + words.length, source: 'manual', text: words });
  });
  return { scene, host: { document: doc.id } };
}

/** kind, rule, the flagged words, class. */
const brief = (text: string, fs: TextFlag[]) => fs.map((f) => [f.kind, f.rule, text.slice(f.start, f.end), f.classId ?? f.object]);

describe('hallucination', () => {
  it('a frame caption against the objects of its sample', () => {
    const text = 'A pedestrian crosses in front of a van.';
    const { scene, host } = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c0', text });
    const fs = textFlags(scene, host);
    // c0 holds the pedestrian o3 only; the van o4 is on c1
    expect(brief(text, fs)).toEqual([['hallucination', 'mention', 'van', 'van']]);
    expect([fs[0].start, fs[0].end]).toEqual([35, 38]);
    expect(fs[0].message).toContain('CAM · c0');
  });

  it('a LiDAR cuboid counts in a camera sample only when it is paired with it and projects into the image', () => {
    // c1 pairs with l0 (frame "A"), where car o1 is 10 m ahead: present; c0 pairs with l1, whose car o2 is behind: absent
    const c1 = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', text: 'A car, a van and a white truck. No pedestrian.' });
    expect(textFlags(c1.scene, c1.host)).toEqual([]);
    const text = 'a car';
    const c0 = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c0', text });
    expect(brief(text, textFlags(c0.scene, c0.host))).toEqual([['hallucination', 'mention', 'car', 'car']]);
  });

  it('a description without a sensor: the whole scene; a note: never', () => {
    const text = 'A dog near two cars and a pedestrian.';
    const d = withDoc({ id: 'desc', text });
    expect(brief(text, textFlags(d.scene, d.host))).toEqual([['hallucination', 'mention', 'dog', 'animal']]);
    const n = withDoc({ id: 'note', kind: 'note', text });
    expect(textFlags(n.scene, n.host)).toEqual([]);
  });

  it('a document about a whole stream: every sample of that sensor', () => {
    const text = 'a pedestrian and two cars';
    const { scene, host } = withDoc({ id: 'lidar-doc', sensor: 'lidar', text });
    // cars o1 (l0) and o2 (l1) are on LiDAR samples; the pedestrian is only boxed in the camera
    expect(brief(text, textFlags(scene, host))).toEqual([['hallucination', 'mention', 'pedestrian', 'pedestrian']]);
  });

  it('a linked span without class words stands for its object`s class', () => {
    const text = 'It is parked.';
    const { scene, host } = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c0', text }, [['It', 'o1']]);
    expect(brief(text, textFlags(scene, host))).toEqual([['hallucination', 'span', 'It', 'car']]);
  });

  it('a transcript segment: the visual samples in its time range, else each stream`s nearest to its midpoint', () => {
    const scene = makeTextScene();
    const seg = (id: string, start: number, end: number, text: string) =>
      setAnnotation(scene, { id, kind: 'timeSegment', object: 'o6', sensor: 'mic', start, end, text, source: 'manual' });
    // 0.4–0.6 s: camera c1 (0.5 s) lies inside; no LiDAR sample does, so l1 (0.06 s, nearest 0.5 s) and
    // the X-ray's x0 (2 s, its only sample) stand in: present o1, o4, o5 (c1), o2 (l1), o7 (x0)
    seg('s1', 0.4, 0.6, 'watch the pedestrian and the van');
    // 0–0.1 s: c0 (0.04 s), l0 (0 s) and l1 (0.06 s) inside: the pedestrian o3 is boxed on c0
    seg('s2', 0, 0.1, 'watch the pedestrian');
    const t1 = 'watch the pedestrian and the van';
    expect(brief(t1, textFlags(scene, { segment: 's1' }))).toEqual([['hallucination', 'mention', 'pedestrian', 'pedestrian']]);
    expect(textFlags(scene, { segment: 's2' })).toEqual([]);
  });

  it('a transcript in a scene without visual streams describes nothing: no hallucination', () => {
    const scene = Scene.parse({
      schemaVersion: 3, id: 'audio', name: 'audio only', taxonomy: makeTextScene().taxonomy,
      sensors: [{ id: 'mic', name: 'MIC', kind: 'audio' }],
      streams: [{ id: 'mic', sensor: 'mic', samples: [{ id: 'm0', t: 0, duration: 5 }] }],
      objects: { sp: { id: 'sp', classId: 'speaker', attributes: {} } },
      annotations: { 'sensor:mic': { s: { id: 's', kind: 'timeSegment', object: 'sp', sensor: 'mic', start: 0, end: 2, text: 'a dog barks' } } },
    });
    expect(textFlags(scene, { segment: 's' })).toEqual([]);
  });
});

describe('contradiction', () => {
  it('class: the span`s words name another class than its object`s', () => {
    const text = 'the truck turns';
    const { scene, host } = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', text }, [['truck', 'o4']]);
    const fs = textFlags(scene, host);
    expect(brief(text, fs)).toEqual([['contradiction', 'class', 'truck', 'truck']]);
    expect(fs[0]).toMatchObject({ object: 'o4', spanId: 'sp0' });
    expect(fs[0].message).toContain('Van');
  });

  it('colour: a colour word against the object`s colour attribute (white truck o5)', () => {
    const text = 'the red truck is parked';
    const red = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', text }, [['the red truck', 'o5']]);
    const fs = textFlags(red.scene, red.host);
    expect(brief(text, fs)).toEqual([['contradiction', 'colour', 'red', 'o5']]);
    expect(fs[0].message).toContain('white');
    // in a predicate too
    const t2 = 'the truck is silver and black';
    const pred = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', text: t2 }, [['truck', 'o5']]);
    expect(brief(t2, textFlags(pred.scene, pred.host))).toEqual([['contradiction', 'colour', 'silver and black', 'o5']]);
    // agreeing words: none
    for (const ok of ['the white truck', 'a red and white truck', 'the truck is white']) {
      const d = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', text: ok }, [['truck', 'o5']]);
      expect(textFlags(d.scene, d.host)).toEqual([]);
    }
    // a mention that is not linked is not compared
    const free = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', text });
    expect(textFlags(free.scene, free.host)).toEqual([]);
  });

  it('colour: the annotation`s attribute on the described sample wins over the object`s; grey and silver agree', () => {
    const scene = makeTextScene();
    const b5 = scene.annotations.c1.b5;
    scene.annotations.c1.b5 = { ...b5, attributes: { colour: 'Grey' } };
    const d = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', text: 'a silver truck' }, [['truck', 'o5']], scene);
    expect(textFlags(d.scene, d.host)).toEqual([]);
    const text = 'a white truck';
    const w = withDoc({ id: 'cap2', kind: 'caption', sensor: 'cam', sample: 'c1', text }, [['truck', 'o5']], scene);
    expect(brief(text, textFlags(w.scene, { document: 'cap2' }))).toEqual([['contradiction', 'colour', 'white', 'o5']]);
  });

  it('size against the cuboid`s largest side (o1: 4 × 2 × 1.5 m): off by more than 25 % and the stated precision', () => {
    const flags = (text: string, object = 'o1', scene = makeTextScene()) => {
      const d = withDoc({ id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', text }, [['car', object]], scene);
      return brief(text, textFlags(d.scene, d.host));
    };
    expect(flags('a 12 m car')).toEqual([['contradiction', 'size', '12 m', 'o1']]);
    expect(flags('the car is 5.1 m long')).toEqual([['contradiction', 'size', '5.1 m', 'o1']]);
    // |5 - 4| = 1 = 25 % of 4: agrees; 4.5 m agrees
    expect(flags('a 5 m car')).toEqual([]);
    expect(flags('the car is 4.5 m long')).toEqual([]);
    // a car of 1.5 m (largest side): "2 m" is 0.5 m off (> 25 % = 0.375) but within its precision (±0.5 m); "2.0 m" is not
    const small = () => {
      const s = makeTextScene();
      s.objects.o8 = { id: 'o8', classId: 'car', attributes: {} };
      setAnnotation(s, { id: 'k8', kind: 'cuboid', object: 'o8', sensor: 'lidar', sample: 'l0', center: { x: 15, y: 3, z: 0 }, size: { l: 1.5, w: 1, h: 1 }, rotation: { x: 0, y: 0, z: 0, w: 1 }, source: 'manual' });
      return s;
    };
    expect(flags('a 2 m car', 'o8', small())).toEqual([]);
    expect(flags('a 2.0 m car', 'o8', small())).toEqual([['contradiction', 'size', '2.0 m', 'o8']]);
  });

  it('size against a box at the camera`s pixel spacing (X-ray box 40 × 20 px); no spacing, no check', () => {
    const flags = (text: string, spacing: unknown) => {
      const scene = makeTextScene();
      const xray = scene.sensors.find((s) => s.id === 'xray')!;
      xray.metadata = spacing === undefined ? undefined : { pixelSpacing: spacing };
      const d = withDoc({ id: 'rep', kind: 'caption', sensor: 'xray', sample: 'x0', text }, [[text, 'o7']], scene);
      return brief(text, textFlags(d.scene, d.host));
    };
    // 0.5 mm/px: larger side 40 px = 20 mm
    expect(flags('a 2.3 cm nodule', 0.5)).toEqual([]);
    expect(flags('a 3.1 cm nodule', 0.5)).toEqual([['contradiction', 'size', '3.1 cm', 'o7']]);
    // [row, column] = [0.5, 0.25] mm/px: 40 px wide = 10 mm, 20 px high = 10 mm
    expect(flags('a 2.3 cm nodule', [0.5, 0.25])).toEqual([['contradiction', 'size', '2.3 cm', 'o7']]);
    expect(flags('a 1.2 cm nodule', [0.5, 0.25])).toEqual([]);
    expect(flags('a 3.1 cm nodule', undefined)).toEqual([]);
  });
});

describe('speed', () => {
  it('a 5,000-character document with 50 spans: well under 5 ms', () => {
    const scene = makeTextScene();
    const sentence = 'The red car is parked next to a white van, and a dog sleeps by the truck. ';
    const base = sentence.repeat(Math.ceil(5000 / sentence.length)).slice(0, 5000);
    const run = (k: number) => {
      const text = base + ` ${k}`; // a new text each run: nothing cached
      scene.documents = [{ id: 'big', kind: 'caption', sensor: 'cam', sample: 'c1', language: 'en', text }];
      scene.annotations['document:big'] = {};
      for (let i = 0; i < 50; i++) {
        const start = i * sentence.length + 4;
        scene.annotations['document:big'][`s${i}`] = { id: `s${i}`, kind: 'textSpan', object: i % 2 ? 'o1' : 'o4', document: 'big', start, end: start + 7, source: 'manual' };
      }
      const t0 = performance.now();
      const fs = textFlags(scene, { document: 'big' });
      return [performance.now() - t0, fs] as const;
    };
    // warm the JIT up first (the machine's first runs compile); then the median of 21 runs
    for (let k = 0; k < 60; k++) run(k);
    const runs = Array.from({ length: 21 }, (_, k) => run(100 + k));
    // every "dog" is a hallucination (no animal anywhere); the 25 "red car" spans linked to the van o4 contradict its class
    const fs = runs[0][1];
    expect(fs.filter((f) => f.kind === 'hallucination').length).toBe(base.match(/\bdog\b/g)!.length);
    expect(fs.filter((f) => f.kind === 'contradiction').map((f) => [f.rule, f.object])).toEqual(Array.from({ length: 25 }, () => ['class', 'o4']));
    const ms = runs.map((r) => r[0]).sort((a, b) => a - b);
    expect(ms[10]).toBeLessThan(5);
  });
});
