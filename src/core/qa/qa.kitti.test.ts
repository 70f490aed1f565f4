/**
 * Tier-1 QA on real KITTI frames (public/demo/kitti), each test injecting ONE fault.
 *
 * Reference numbers come from an independent numpy script (KITTI devkit conventions, not our code):
 * rect = R0_rect · Tr_velo_to_cam · X_velo; devkit corners R(ry)·[±l/2, 0|-h, ±w/2] + location,
 * projected with P2, clamped to the PNG size; points inside = |x_o| ≤ l/2, -h ≤ y_o ≤ 0, |z_o| ≤ w/2
 * in the object frame. Results:
 *   000000 Pedestrian: 376 points, projected box 710.445 144.002 820.293 307.587, max edge vs label 9.563 px
 *   000001 Truck 70 points (0.938 px), Car 9 points, box 387.881 181.460 423.770 203.292 (0.251 px),
 *   Cyclist 18 points (0.263 px); 000002 Misc 1351 points (2.051 px), Car 67 points (0.329 px).
 *   Points of 000001 with depth ≥ 0.1 m, inside the 1242×375 image and inside the Car's label box: 12.
 */
import { describe, expect, it } from 'vitest';
import { projectSceneCuboids } from '../projection';
import { getAnnotation, removeAnnotationFrom, setAnnotation, type Annotation, type Box2D, type Scene } from '../schema';
import { createQaContext, DEFAULT_QA_SETTINGS, Finding, qaSettings, runChecks } from './index';
import { kittiInputs, kittiScene } from './testing';

const inputs = kittiInputs();
const CAR = 'kitti-000001-1';
const box = (s: Scene, id: string): Box2D => getAnnotation(s, id)! as Box2D;
const summary = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.check} ${f.object ?? '-'}`);

describe('QA on clean KITTI frames', () => {
  it('three frames: no error; the only finding is the pedestrian box 9.563 px off its projected cuboid (numpy)', async () => {
    const fs = runChecks(await kittiScene(['000000', '000001', '000002']), DEFAULT_QA_SETTINGS, inputs);
    expect(fs.filter((f) => f.severity === 'error')).toEqual([]);
    expect(summary(fs)).toEqual(['warning spatial.alignment kitti-000000-0']);
    expect(fs[0].measured?.value).toBeCloseTo(9.563, 2);
    expect(fs[0].samples).toEqual(['image_2/000000', 'velodyne/000000']);
    for (const f of fs) expect(Finding.parse(f)).toEqual(f);
  });

  it('point counts per cuboid equal the numpy devkit counts', async () => {
    const ctx = createQaContext(await kittiScene(['000000', '000001', '000002']), DEFAULT_QA_SETTINGS, inputs);
    expect(Object.fromEntries(ctx.pointCounts())).toEqual({
      'cuboid-000000-0': 376, 'cuboid-000001-0': 70, 'cuboid-000001-1': 9, 'cuboid-000001-2': 18, 'cuboid-000002-0': 1351, 'cuboid-000002-1': 67,
    });
  });

  it('the linear projection adapter gives the projection core`s boxes', async () => {
    const scene = await kittiScene(['000000', '000001', '000002']);
    const ours = createQaContext(scene).projections().items.map((p) => p.projection);
    expect(ours).toEqual(projectSceneCuboids(scene));
  });

  it('frame 000001 is clean: no finding at all, and ids are stable across runs', async () => {
    const scene = await kittiScene(['000001']);
    expect(runChecks(scene, DEFAULT_QA_SETTINGS, inputs)).toEqual([]);
    setAnnotation(scene, { ...box(scene, 'box2d-000001-1'), attributes: { class: 'van' } });
    const a = runChecks(scene), b = runChecks(structuredClone(scene));
    expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id));
    expect(a[0].id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('one injected fault each (frame 000001 unless noted)', () => {
  const only = async (mutate: (s: Scene) => void, frames = ['000001'], settings = DEFAULT_QA_SETTINGS, withClouds = true) => {
    const scene = await kittiScene(frames);
    mutate(scene);
    return runChecks(scene, settings, withClouds ? inputs : {});
  };

  it('class swapped in the camera: class.conflict error on that object', async () => {
    const fs = await only((s) => (setAnnotation(s, { ...box(s, 'box2d-000001-1'), attributes: { class: 'Pedestrian' } })));
    expect(summary(fs)).toEqual([`error class.conflict ${CAR}`]);
    expect(fs[0].samples).toEqual(['image_2/000001']);
  });

  it('a derived box of the truck`s cuboid linked to the car: class.linked-conflict', async () => {
    const fs = await only((s) => {
      setAnnotation(s, { ...box(s, 'box2d-000001-1'), id: 'p', source: 'projected', fromCuboid: 'cuboid-000001-0' });
    });
    expect(summary(fs)).toEqual([`error class.linked-conflict ${CAR}`]);
  });

  it('an attribute that disagrees with its object: class.attribute warning', async () => {
    const fs = await only((s) => (setAnnotation(s, { ...getAnnotation(s, 'cuboid-000001-1')!, attributes: { occluded: 'largely' } } as Annotation)));
    expect(summary(fs)).toEqual([`warning class.attribute ${CAR}`]);
  });

  it.each([
    [5, 'warning', 5],
    [30, 'error', 30],
  ] as const)('car box shifted right by %i px: spatial.alignment %s at 423.81 + shift − 423.770 px', async (shift, severity, tol) => {
    const fs = await only((s) => {
      const b = box(s, 'box2d-000001-1');
      setAnnotation(s, { ...b, x0: b.x0 + shift, x1: b.x1 + shift });
    });
    expect(summary(fs)).toEqual([`${severity} spatial.alignment ${CAR}`]);
    expect(fs[0].measured).toEqual({ name: 'maxEdgePx', value: expect.closeTo(423.81 + shift - 423.77, 2), unit: 'px', tolerance: tol });
  });

  it('cuboid moved behind the LiDAR: its box has no projection (spatial.outside-image)', async () => {
    const fs = await only((s) => {
      const c = getAnnotation(s, 'cuboid-000001-1')! as Extract<Annotation, { kind: 'cuboid' }>;
      setAnnotation(s, { ...c, center: { ...c.center, x: -c.center.x } });
    }, ['000001'], DEFAULT_QA_SETTINGS, false);
    expect(summary(fs)).toEqual([`error spatial.outside-image ${CAR}`]);
  });

  it('a cuboid with too few points (minLidarPoints 10, car holds 9 by numpy)', async () => {
    const fs = await only(() => {}, ['000001'], qaSettings({ minLidarPoints: 10 }));
    expect(summary(fs)).toEqual([`warning spatial.lidar-points ${CAR}`]);
    expect(fs[0].measured?.value).toBe(9);
  });

  it('missing cuboid: the car box covers 12 LiDAR points (numpy) but has no cuboid', async () => {
    const fs = await only((s) => removeAnnotationFrom(s, 'cuboid-000001-1'));
    expect(summary(fs)).toEqual([`warning completeness.missing-cuboid ${CAR}`]);
    expect(fs[0].measured?.value).toBe(12);
    expect(fs[0].samples).toEqual(['image_2/000001', 'velodyne/000001']);
  });

  it('missing camera box: the car cuboid projects to ~783 px² with no box2d/notVisible', async () => {
    const fs = await only((s) => removeAnnotationFrom(s, 'box2d-000001-1'));
    expect(summary(fs)).toEqual([`warning completeness.missing-box ${CAR}`]);
    expect(fs[0].measured?.value).toBeCloseTo((423.77 - 387.881) * (203.292 - 181.46), 0);
    const marked = await only((s) => {
      removeAnnotationFrom(s, 'box2d-000001-1');
      setAnnotation(s, { id: 'nv', kind: 'notVisible', object: CAR, sensor: 'image_2', sample: 'image_2/000001', reason: 'occluded', source: 'manual' });
    });
    expect(marked).toEqual([]);
  });

  it('a 50 ms camera clock offset: temporal.stream-offset, and on this triggered rig (no per-sample ego pose) temporal.desync (frame-paired samples stay within maxPairDt)', async () => {
    const fs = await only((s) => (s.streams[0].offset = 0.05));
    expect(summary(fs)).toEqual(['warning temporal.desync -', 'warning temporal.stream-offset -']);
    expect(fs[1].measured).toEqual({ name: 'offset', value: 0.05, unit: 's', tolerance: 0.01 });
    expect(fs[0].measured).toEqual({ name: 'syncGap', value: expect.closeTo(0.05, 9), unit: 's', tolerance: 0.01 });
  });

  it('camera sample 80 ms from its paired LiDAR sample: temporal.pair-dt (and temporal.desync on this triggered rig)', async () => {
    const fs = await only((s) => (s.streams[0].samples[0].t += 0.08));
    expect(summary(fs)).toEqual(['warning temporal.desync -', 'warning temporal.pair-dt -']);
    expect(fs[1].measured?.value).toBeCloseTo(0.08, 9);
    expect(fs[0].measured?.value).toBeCloseTo(0.08, 9);
  });

  it('stream drift beyond tolerance: temporal.stream-drift', async () => {
    const fs = await only((s) => (s.streams[1].drift = 1e-3));
    expect(summary(fs)).toEqual(['warning temporal.stream-drift -']);
  });

  it('deprecated class (frame 000002, misc deprecated → barrier): taxonomy.deprecated-class', async () => {
    const fs = await only((s) => {
      const misc = s.taxonomy.classes.find((c) => c.id === 'misc')!;
      Object.assign(misc, { deprecated: true, replacedBy: 'barrier' });
    }, ['000002']);
    expect(summary(fs)).toEqual(['warning taxonomy.deprecated-class kitti-000002-0']);
    expect(fs[0].message).toContain('"barrier"');
  });

  it('a class not in the taxonomy: taxonomy.unknown-class error', async () => {
    const fs = await only((s) => (s.objects[CAR].classId = 'hovercraft'));
    // The scene description still says "1 Car" and no car is left: that mention is reported too.
    expect(summary(fs)).toEqual([`error taxonomy.unknown-class ${CAR}`, 'warning text.hallucination -']);
    expect(fs[1].message).toContain('"Car"');
  });

  it('a class not labelled in camera data: taxonomy.modality', async () => {
    const fs = await only((s) => (s.taxonomy.classes.find((c) => c.id === 'cyclist')!.modalities = ['lidar']));
    expect(summary(fs)).toEqual(['warning taxonomy.modality kitti-000001-2']);
  });

  it('a frame caption naming a class absent from its image: text.hallucination (the car and the cyclist are in image_2/000001)', async () => {
    const text = 'A bus waits behind the parked cars while a cyclist passes.';
    const fs = await only((s) => s.documents.push({ id: 'caption', kind: 'caption', sensor: 'image_2', sample: 'image_2/000001', language: 'en', text }));
    expect(summary(fs)).toEqual(['warning text.hallucination -']);
    expect(fs[0].message).toContain('caption "caption" [2, 5)');
    expect(text.slice(2, 5)).toBe('bus');
    expect(fs[0].samples).toEqual(['image_2/000001']);
    expect(fs[0].sensors).toEqual(['image_2']);
  });

  it('"no bus" is not a hallucination; a note is never checked', async () => {
    const fs = await only((s) => {
      s.documents.push({ id: 'caption', kind: 'caption', sensor: 'image_2', sample: 'image_2/000001', language: 'en', text: 'There is no bus, only parked cars and a cyclist.' });
      s.documents.push({ id: 'note', kind: 'note', language: 'en', text: 'Check the bus stop and the tram later.' });
    });
    expect(fs).toEqual([]);
  });

  it('a span naming another class than its object: text.contradiction', async () => {
    const text = 'A cyclist passes the car.';
    const fs = await only((s) => {
      s.documents.push({ id: 'caption', language: 'en', text });
      setAnnotation(s, { id: 'sp', kind: 'textSpan', object: CAR, document: 'caption', start: 2, end: 9, language: 'en', source: 'manual' });
      setAnnotation(s, { id: 'ok', kind: 'textSpan', object: CAR, document: 'caption', start: 21, end: 24, language: 'en', source: 'manual' });
    });
    expect(text.slice(2, 9)).toBe('cyclist');
    expect(summary(fs)).toEqual([`error text.contradiction ${CAR}`]);
    expect(fs[0].message).toContain('[2, 9)');
  });

  it('a span whose object has no spatial annotation: text.ungrounded-span', async () => {
    const fs = await only((s) => {
      s.documents.push({ id: 'caption', language: 'en', text: 'Another car is parked here.' });
      s.objects.ghost = { id: 'ghost', classId: 'car', attributes: {} };
      setAnnotation(s, { id: 'sp', kind: 'textSpan', object: 'ghost', document: 'caption', start: 8, end: 11, language: 'en', source: 'manual' });
    });
    expect(summary(fs)).toEqual(['warning text.ungrounded-span ghost']);
  });
});
