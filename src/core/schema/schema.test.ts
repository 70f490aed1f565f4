import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY, parseSceneJson, Scene, SceneValidationError, serializeScene, validateScene, type SceneInput } from './index';

/** A small scene covering every modality: camera, lidar, audio, text. */
function sampleScene(): SceneInput {
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
    const anns = bad.annotations as Record<string, Record<string, unknown>>;
    (anns.c1.size as Record<string, number>).l = -1;
    anns.b1.sample = 'cam/404';
    const r = validateScene(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path);
    expect(paths).toContain('$.annotations.c1.size.l');
    expect(paths).toContain('$.annotations.b1.sample');
    expect(r.issues.find((i) => i.path === '$.annotations.b1.sample')?.message).toMatch(/unknown sample "cam\/404"/);
  });

  it('rejects references to unknown objects, classes and documents', () => {
    const bad = sampleScene() as Record<string, unknown>;
    (bad.objects as Record<string, Record<string, unknown>>).o1.classId = 'spaceship';
    (bad.annotations as Record<string, Record<string, unknown>>).t1.document = 'nope';
    const r = validateScene(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.objects.o1.classId', '$.annotations.t1.document']));
  });

  it('rejects unordered samples and non-finite calibration', () => {
    const bad = sampleScene() as Record<string, unknown>;
    (bad.streams as Record<string, unknown>[])[1] = { id: 'lidar', sensor: 'lidar', samples: [{ id: 'a', t: 1 }, { id: 'b', t: 0.5 }] };
    const cam = (bad.sensors as { intrinsics: Record<string, unknown> }[])[0];
    cam.intrinsics.fx = Number.NaN;
    const r = validateScene(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.streams[1].samples', '$.sensors[0].intrinsics.fx']));
  });

  it('migrates a v1 document (arrays of objects and annotations) up to v2', () => {
    const v2 = Scene.parse(sampleScene());
    const v1 = { ...JSON.parse(serializeScene(v2)), schemaVersion: 1 };
    v1.objects = Object.values(v1.objects);
    v1.annotations = Object.values(v1.annotations);
    const migrated = parseSceneJson(JSON.stringify(v1), 'old.json');
    expect(migrated).toEqual(v2);
  });

  it('refuses documents from a newer schema and names the file', () => {
    const doc = { ...JSON.parse(serializeScene(Scene.parse(sampleScene()))), schemaVersion: 99 };
    expect(() => parseSceneJson(JSON.stringify(doc), 'future.json')).toThrow(SceneValidationError);
    expect(() => parseSceneJson(JSON.stringify(doc), 'future.json')).toThrow(/future\.json.*\n.*schemaVersion 99 is newer/);
    expect(() => parseSceneJson('{"schemaVersion": 2,', 'broken.json')).toThrow(/broken\.json.*\n.*invalid JSON/);
  });
});
