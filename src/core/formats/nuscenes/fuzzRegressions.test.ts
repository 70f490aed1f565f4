/** nuScenes inputs found by fuzzing (src/core/formats/fuzz, issue #17), each reproduced. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMmdet3dInfo, NuScenesInfoError } from './mmdet3dInfo';

const INFO = 'fixtures/nuscenes/mmdet3d_info_v1.1.json';
// Python's json.dumps wrote bare NaN (some velocities); as JSON that is null
const info = () => JSON.parse(readFileSync(INFO, 'utf8').replace(/\bNaN\b/g, 'null')) as { data_list: { instances: { bbox_3d: number[] }[] }[] };

describe('mmdetection3d info files', () => {
  it('a box of width 0 names the file and the instance (it was a bare ZodError about "cuboid-50.size.w")', () => {
    const j = info();
    j.data_list[0].instances[50].bbox_3d[4] = 0;
    expect(() => importMmdet3dInfo(j, 'fuzz/info.json')).toThrow(NuScenesInfoError);
    expect(() => importMmdet3dInfo(j, 'fuzz/info.json')).toThrow(/^fuzz\/info\.json: \$\.data_list\.0\.instances\.50\.bbox_3d: box size dx dy dz must be positive, found [\d.]+ 0 [\d.]+$/);
  });

  it('the real file still imports, one cuboid per instance', () => {
    const j = info();
    const { scene } = importMmdet3dInfo(j, INFO);
    expect(Object.keys(scene.objects)).toHaveLength(j.data_list[0].instances.length);
  });
});
