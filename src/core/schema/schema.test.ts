import { describe, expect, it } from 'vitest';
import {
  allAnnotations, annotationCount, annotationsOfSample, DEFAULT_TAXONOMY, getAnnotation, parseSceneJson, partitionAnnotations, partitionOf, Scene,
  SceneValidationError, segmentsOfSensor, serializeScene, spansOfDocument, validateScene, type SceneInput,
} from './index';

/** A small scene covering every modality (camera, lidar, audio, text) as schema v2 stored it: annotations flat, keyed by id. */
type SceneInputV2 = Omit<SceneInput, 'schemaVersion' | 'annotations'> & { schemaVersion: 2; annotations: SceneInput['annotations'][string] };
function sampleSceneV2(): SceneInputV2 {
  return {
    schemaVersion: 2,
    id: 'scene-1',
    name: 'test scene',
    taxonomy: DEFAULT_TAXONOMY,
    sensors: [
      {
        id: 'cam',
        name: 'CAM_FRONT',
        kind: 'camera',
        frame: 'camera',
        intrinsics: { width: 1600, height: 900, fx: 1266.4, fy: 1266.4, cx: 816.3, cy: 491.5, distortion: { model: 'opencv', k1: -0.1, k2: 0.01, p1: 0.001, p2: -0.0005 } },
        extrinsics: { from: 'camera', to: 'ego', repr: { kind: 'quaternion', rotation: { x: -0.5, y: 0.5, z: -0.5, w: 0.5 }, translation: { x: 1.7, y: 0, z: 1.5 } } },
      },
      { id: 'lidar', name: 'LIDAR_TOP', kind: 'lidar', frame: 'lidar', extrinsics: { from: 'lidar', to: 'ego', repr: { kind: 'matrix4x4', rowMajor: [1, 0, 0, 0.9, 0, 1, 0, 0, 0, 0, 1, 1.8, 0, 0, 0, 1] } } },
      { id: 'mic', name: 'mic', kind: 'audio', sampleRate: 16000 },
    ],
    streams: [
      { id: 'cam', sensor: 'cam', samples: [{ id: 'cam/0', t: 0.012, uri: 'a.jpg', original: { value: 1532402927612460, unit: 'us' } }] },
      { id: 'lidar', sensor: 'lidar', samples: [{ id: 'lidar/0', t: 0, uri: 'a.bin' }] },
      { id: 'mic', sensor: 'mic', samples: [{ id: 'mic/0', t: 0, duration: 30, uri: 'a.wav' }] },
    ],
    objects: { o1: { id: 'o1', classId: 'car', name: 'Car 1' }, o2: { id: 'o2', classId: 'speaker', attributes: {} } },
    annotations: {
      c1: { id: 'c1', kind: 'cuboid', object: 'o1', sensor: 'lidar', sample: 'lidar/0', center: { x: 10, y: 2, z: 0.5 }, size: { l: 4.2, w: 1.8, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      b1: { id: 'b1', kind: 'box2d', object: 'o1', sensor: 'cam', sample: 'cam/0', x0: 10, y0: 20, x1: 110, y1: 90, source: 'manual', projected: { x0: 12, y0: 20, x1: 112, y1: 91 } },
      s1: { id: 's1', kind: 'timeSegment', object: 'o2', sensor: 'mic', start: 1.5, end: 3.25, speaker: 'speaker90' },
      t1: { id: 't1', kind: 'textSpan', object: 'o1', document: 'caption', start: 4, end: 7, language: 'en' },
      n1: { id: 'n1', kind: 'notVisible', object: 'o2', sensor: 'cam', sample: 'cam/0', reason: 'out_of_frame' },
    },
    documents: [{ id: 'caption', text: 'The car is parked.', language: 'en' }],
  };
}

/** The same scene in schema v3: annotations partitioned by sample / sensor / document. */
function sampleScene(): SceneInput {
  const v2 = sampleSceneV2();
  return { ...v2, schemaVersion: 3, annotations: partitionAnnotations(v2.annotations) };
}

describe('scene schema', () => {
  it('round-trips: parse → serialize → parse is identical', () => {
    const a = Scene.parse(sampleScene());
    const text = serializeScene(a);
    const b = parseSceneJson(text);
    expect(b).toEqual(a);
    expect(serializeScene(b)).toBe(text);
    // defaults are filled in on parse
    expect(a.streams[0].offset).toBe(0);
    expect(a.sensors[0].kind === 'camera' && a.sensors[0].intrinsics.distortion.model === 'opencv' && a.sensors[0].intrinsics.distortion.k3).toBe(0);
  });

  it('reports errors with their JSON path', () => {
    const bad = sampleScene() as Record<string, unknown>;
    const anns = bad.annotations as Record<string, Record<string, Record<string, unknown>>>;
    (anns['lidar/0'].c1.size as Record<string, number>).l = -1;
    anns['cam/0'].b1.sample = 'cam/404';
    const r = validateScene(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path);
    expect(paths).toContain('$.annotations["lidar/0"].c1.size.l');
    const at = r.issues.filter((i) => i.path === '$.annotations["cam/0"].b1.sample').map((i) => i.message);
    expect(at).toEqual(expect.arrayContaining([expect.stringMatching(/unknown sample "cam\/404"/), 'annotation "b1" is filed under partition "cam/0" but belongs in "cam/404"']));
  });

  it('rejects references to unknown objects, classes and documents', () => {
    const bad = sampleScene() as Record<string, unknown>;
    (bad.objects as Record<string, Record<string, unknown>>).o1.classId = 'spaceship';
    const anns = bad.annotations as Record<string, Record<string, Record<string, unknown>>>;
    anns['document:caption'] = { t1: { ...anns['document:caption'].t1, document: 'nope' } };
    const r = validateScene(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.objects.o1.classId', '$.annotations["document:caption"].t1.document']));
    expect(r.issues.find((i) => /unknown document "nope"/.test(i.message))).toBeDefined();
  });

  it('files each annotation under its partition: the sample; sensor:<id> for time segments; document:<id> for text spans', () => {
    const s = Scene.parse(sampleScene());
    expect(Object.keys(s.annotations).sort()).toEqual(['cam/0', 'document:caption', 'lidar/0', 'sensor:mic']);
    expect(Object.keys(s.annotations['cam/0']).sort()).toEqual(['b1', 'n1']);
    for (const [key, part] of Object.entries(s.annotations)) for (const a of Object.values(part)) expect(partitionOf(a)).toBe(key);
    expect(annotationCount(s)).toBe(5);
    expect(allAnnotations(s).map((a) => a.id).sort()).toEqual(['b1', 'c1', 'n1', 's1', 't1']);
    expect(getAnnotation(s, 's1')).toMatchObject({ kind: 'timeSegment', speaker: 'speaker90' });
    expect(getAnnotation(s, 'nope')).toBeUndefined();
    expect(annotationsOfSample(s, 'cam/0').map((a) => a.id).sort()).toEqual(['b1', 'n1']);
    expect(annotationsOfSample(s, 'cam/0', 'lidar')).toEqual([]);
    expect(segmentsOfSensor(s, 'mic').map((a) => a.id)).toEqual(['s1']);
    expect(spansOfDocument(s, 'caption').map((a) => a.id)).toEqual(['t1']);
  });

  it('memoizes allAnnotations on a frozen document only', () => {
    const s = Scene.parse(sampleScene());
    expect(allAnnotations(s)).not.toBe(allAnnotations(s)); // mutable: fresh each time, never stale
    const frozen = Object.freeze({ ...s, annotations: Object.freeze(s.annotations) });
    expect(allAnnotations(frozen)).toBe(allAnnotations(frozen));
    expect(Object.isFrozen(allAnnotations(frozen))).toBe(true);
  });

  it('rejects an annotation filed under another partition, and an id used in two partitions', () => {
    const bad = sampleScene() as Record<string, unknown>;
    const anns = bad.annotations as Record<string, Record<string, Record<string, unknown>>>;
    anns['lidar/0'].b1 = anns['cam/0'].b1; // b1 twice, once in the wrong partition
    anns['sensor:mic'].t1 = anns['document:caption'].t1; // a text span filed under the audio sensor
    delete anns['document:caption'];
    const r = validateScene(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { path: '$.annotations["lidar/0"].b1.sample', message: 'annotation "b1" is filed under partition "lidar/0" but belongs in "cam/0"' },
        { path: '$.annotations["cam/0"].b1', message: 'annotation id "b1" is used twice (also in partition "lidar/0")' },
        { path: '$.annotations["sensor:mic"].t1.document', message: 'annotation "t1" is filed under partition "sensor:mic" but belongs in "document:caption"' },
      ]),
    );
  });

  it('rejects unordered samples and non-finite calibration', () => {
    const bad = sampleScene() as Record<string, unknown>;
    (bad.streams as Record<string, unknown>[])[1] = { id: 'lidar', sensor: 'lidar', samples: [{ id: 'a', t: 1 }, { id: 'b', t: 0.5 }] };
    const cam = (bad.sensors as { intrinsics: Record<string, unknown> }[])[0];
    cam.intrinsics.fx = Number.NaN;
    const r = validateScene(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.streams[1].samples[1].t', '$.sensors[0].intrinsics.fx']));
    expect(r.issues.find((i) => i.path === '$.streams[1].samples[1].t')?.message).toBe('stream "lidar": sample "b" (#1) at 0.5 s comes after sample "a" (#0) at 1 s; samples must be sorted by time');
  });

  it('migrates a v2 document (flat annotations keyed by id) up to v3', () => {
    const v3 = Scene.parse(sampleScene());
    const migrated = parseSceneJson(JSON.stringify(sampleSceneV2()), 'v2.json');
    expect(migrated).toEqual(v3);
    expect(migrated.schemaVersion).toBe(3);
    expect(serializeScene(migrated)).toBe(serializeScene(v3));
  });

  it('a v2 annotation that names no sample, sensor or document is reported, not lost', () => {
    const v2 = sampleSceneV2() as Record<string, unknown>;
    (v2.annotations as Record<string, unknown>).x = { id: 'x', kind: 'cuboid', object: 'o1' };
    const r = validateScene(v2);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.some((i) => i.path.startsWith('$.annotations["?"].x'))).toBe(true);
  });

  it('migrates a v1 document (arrays of objects and annotations) up to v3', () => {
    const v3 = Scene.parse(sampleScene());
    const v1 = { ...JSON.parse(JSON.stringify(Scene.parse({ ...sampleScene() }))), schemaVersion: 1 };
    v1.objects = Object.values(v1.objects);
    v1.annotations = allAnnotations(v3);
    const migrated = parseSceneJson(JSON.stringify(v1), 'old.json');
    expect(migrated).toEqual(v3);
  });

  it('refuses documents from a newer schema and names the file', () => {
    const doc = { ...JSON.parse(serializeScene(Scene.parse(sampleScene()))), schemaVersion: 99 };
    expect(() => parseSceneJson(JSON.stringify(doc), 'future.json')).toThrow(SceneValidationError);
    expect(() => parseSceneJson(JSON.stringify(doc), 'future.json')).toThrow(/future\.json.*\n.*schemaVersion 99 is newer/);
    expect(() => parseSceneJson('{"schemaVersion": 2,', 'broken.json')).toThrow(/broken\.json.*\n.*invalid JSON/);
  });
});
