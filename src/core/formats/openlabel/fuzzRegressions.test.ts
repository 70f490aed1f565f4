/** OpenLABEL inputs found by fuzzing (src/core/formats/fuzz, issue #17), each reproduced. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { exportOpenLabel } from './export';
import { importOpenLabel, importOpenLabelText, OpenLabelImportError } from './import';
import { validateOpenLabel } from './validate';

const doc = (ol: Record<string, unknown>) => JSON.stringify({ openlabel: { metadata: { schema_version: '1.0.0' }, ...ol } });
const errorOf = (text: string, file = 'fuzz/x.json'): Error => {
  try {
    importOpenLabelText(text, file);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the import to fail');
};

describe('OpenLABEL null and odd keys', () => {
  it('a coordinate system set to null (issue #17: TypeError reading \'parent\' in importSensors.ts) names its path', () => {
    const e = errorOf(doc({ coordinate_systems: { base: null, world: { type: 'scene_cs', parent: '', children: [] } } }));
    expect(e).toBeInstanceOf(OpenLabelImportError);
    expect(e.message).toBe('fuzz/x.json: 1 OpenLABEL error\n  $.openlabel.coordinate_systems.base: a coordinate system must be an object');
  });

  it('a frame key that is no frame number ("99999999999999999999" reads back as 1e20) is a validation error, not a TypeError', () => {
    const e = errorOf(doc({ frames: { '99999999999999999999': { frame_properties: {} }, '007': {} } }));
    expect(e).toBeInstanceOf(OpenLabelImportError);
    expect(e.message).toContain('$.openlabel.frames["99999999999999999999"]: frame key "99999999999999999999" is not a frame number');
    expect(e.message).toContain('$.openlabel.frames["007"]: frame key "007" is not a frame number');
  });
});

describe('OpenLABEL sizes taken from the file', () => {
  it('an object living from frame 0 to frame 4294967296 imports (it enumerated every frame: 12 s, then "Set maximum size exceeded")', () => {
    const json = exportOpenLabel(makeTestScene()).json as unknown as { openlabel: { objects: Record<string, { frame_intervals?: unknown }> } };
    json.openlabel.objects['0'].frame_intervals = [{ frame_start: 0, frame_end: 4294967296 }];
    const t0 = performance.now();
    const { scene } = importOpenLabel(json, 'long.json');
    expect(performance.now() - t0).toBeLessThan(5000);
    const car = Object.values(scene.objects).find((o) => o.name === 'Car 1')!;
    // the exported frames 0–3 are c0, l0, c1, l1 at t = 0, 0.01, 0.1, 0.11 s; beyond frame 3 the frame
    // clock extrapolates frames 2–3 (0.01 s per frame): 0.1 + 0.01 × (4294967296 − 2)
    expect(car.intervals).toEqual([{ start: 0, end: expect.closeTo(0.1 + 0.01 * 4294967294, 3) }]);
  });

  it('the object\'s own frames as frame_intervals leave it without intervals (unchanged behaviour, compared as ranges now)', () => {
    const { scene } = importOpenLabel(exportOpenLabel(makeTestScene()).json, 'same.json');
    expect(Object.values(scene.objects).find((o) => o.name === 'Car 1')!.intervals).toBeUndefined();
  });

  it('100,000 invalid bbox items are reported at once (ajv allErrors took minutes), with the first error and a note', () => {
    const bad = { openlabel: { metadata: { schema_version: '1.0.0' }, objects: { '0': { name: 'a', type: 'car', object_data: { bbox: Array.from({ length: 100_000 }, () => ({})) } } } } };
    const t0 = performance.now();
    const r = validateOpenLabel(bad);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.valid).toBe(false);
    expect(r.errors.filter((e) => e.message.startsWith('schema:'))).toEqual([
      { path: '$.openlabel.objects["0"].object_data.bbox["0"]', message: "schema: must have required property 'name'" },
      { path: '$', message: 'schema: the first error only (an array has 100000 elements, too many to list every error; fix it and validate again for the next)' },
    ]);
  });

  it('a small invalid document still lists every schema error', () => {
    const r = validateOpenLabel({ openlabel: { metadata: { schema_version: '1.0.0' }, objects: { '0': { name: 'a', type: 'car', object_data: { bbox: [{}, {}] } } } } });
    expect(r.errors.filter((e) => e.message === "schema: must have required property 'name'").map((e) => e.path)).toEqual(['$.openlabel.objects["0"].object_data.bbox["0"]', '$.openlabel.objects["0"].object_data.bbox["1"]']);
  });
});

describe('OpenLABEL calibration the frame graph cannot use', () => {
  const velo = () => JSON.parse(readFileSync('fixtures/openlabel-vicomtech-convention/kitti_object_000001_velo.json', 'utf8'));

  it('a camera matrix with fx = −0 is refused at its path (its offset K⁻¹·p4 made infinite extrinsics: an error without the file name)', () => {
    const d = JSON.parse(readFileSync('fixtures/openlabel-vicomtech-convention/kitti_object_000000.json', 'utf8'));
    d.openlabel.streams.CAM_LEFT.stream_properties.intrinsics_pinhole.camera_matrix_3x4[0] = -0;
    expect(() => importOpenLabel(d, 'fuzz/k0.json')).toThrow(/^fuzz\/k0\.json: 1 OpenLABEL error\n {2}\$\.openlabel\.streams\.CAM_LEFT\.stream_properties\.intrinsics_pinhole: camera matrix has a zero focal length \(fx 0, fy [\d.]+\)$/);
  });

  it('a singular pose_wrt_parent names the file (it was a bare "matrix is singular" from the frame graph)', () => {
    const d = velo();
    const m = d.openlabel.coordinate_systems.CAM_LEFT.pose_wrt_parent.matrix4x4 as number[];
    for (const i of [0, 1, 2, 4, 5, 6, 8, 9, 10]) m[i] = 0;
    expect(() => importOpenLabel(d, 'fuzz/velo.json')).toThrow(OpenLabelImportError);
    expect(() => importOpenLabel(d, 'fuzz/velo.json')).toThrow(/^fuzz\/velo\.json: 1 OpenLABEL error\n {2}\$\.openlabel\.coordinate_systems: the calibration cannot be used: .*singular/);
  });
});
