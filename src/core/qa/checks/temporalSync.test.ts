/**
 * The temporal check by the rig's nature. KITTI (triggered: the cameras fire when the Velodyne faces
 * forward, no per-sample ego pose) must flag a camera stream shifted by +50 ms and stay silent on the
 * untouched sequence; nuScenes (every sample carries its own ego pose) must accept the real 0.5–43 ms
 * gaps between its cameras and the sweep (mmdet3d demo keyframe, Lyft tables), which the same data
 * with the poses stripped would report. Gaps are computed from the fixtures' own timestamps.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMmdet3dInfo, importNuScenesTables, type NuScenesTables } from '../../formats/nuscenes';
import { importOpenLabel } from '../../formats/openlabel';
import type { Scene } from '../../schema';
import { rigNature } from '../../time/rig';
import { kittiTracking0003, shiftSampleTimes } from '../../time/testScene';
import { IncrementalQa, qaSettings, runChecks, type Finding } from '../index';
import { checkOffsetEstimates } from './temporalEstimate';

const temporal = (fs: Finding[]) => fs.filter((f) => f.check.startsWith('temporal.'));
const mmdet3d = () => importMmdet3dInfo(JSON.parse(readFileSync('fixtures/nuscenes/mmdet3d_info_v1.1.json', 'utf8').replace(/\bNaN\b/g, 'null')), 'info.json').scene;
const DIR = 'fixtures/nuscenes-tables/v1.01-train';
const lyft = () => importNuScenesTables(Object.fromEntries(readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => [f.slice(0, -5), JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8'))])) as unknown as NuScenesTables, 'lyft').scene;
/** Largest |camera − LiDAR| gap over the camera samples paired by frame label, from the samples' own times. */
function largestGap(scene: Scene): number {
  let g = 0;
  const lidar = scene.streams.filter((st) => scene.sensors.find((s) => s.id === st.sensor)?.kind === 'lidar').flatMap((st) => st.samples);
  for (const st of scene.streams) {
    if (scene.sensors.find((s) => s.id === st.sensor)?.kind !== 'camera') continue;
    for (const c of st.samples) {
      const l = lidar.find((x) => x.frame === c.frame);
      if (l) g = Math.max(g, Math.abs(c.t - l.t));
    }
  }
  return g;
}
const stripPoses = (scene: Scene): Scene => ({ ...scene, streams: scene.streams.map((st) => ({ ...st, samples: st.samples.map(({ transforms: _, ...s }) => s) })) });

describe('temporal.desync on a triggered rig (KITTI tracking 0003)', () => {
  it('untouched: no temporal finding at all', () => {
    const s = kittiTracking0003();
    expect(rigNature(s, 'image_02', 'velodyne').nature).toBe('triggered');
    expect(temporal(runChecks(s))).toEqual([]);
  });

  it('camera stream shifted +50 ms: one desync warning naming both streams, a frame and the gap', () => {
    const fs = temporal(runChecks(shiftSampleTimes(kittiTracking0003(), 'image_02', 0.05)));
    expect(fs.map((f) => `${f.severity} ${f.check} ${f.sensors.join(',')}`)).toEqual(['warning temporal.desync image_02,velodyne']);
    expect(fs[0].measured).toEqual({ name: 'syncGap', value: expect.closeTo(0.05, 9), unit: 's', tolerance: 0.01 });
    expect(fs[0].message).toMatch(/^camera stream "image_02" and LiDAR stream "velodyne" are out of sync: 144 of 144 camera samples are more than 10\.0 ms from their LiDAR sample, the largest gap \+50\.0 ms \(camera − LiDAR\) at frame (\d{6}) \("image_02\/\1" vs "velodyne\/\1"\); samples carry no per-sample ego pose/);
    expect(fs[0].samples).toHaveLength(2);
  });

  it('within tolerance (+8 ms) nothing; the tolerance is the maxSyncGap setting', () => {
    const s = shiftSampleTimes(kittiTracking0003(), 'image_02', 0.008);
    expect(temporal(runChecks(s))).toEqual([]);
    expect(temporal(runChecks(s, qaSettings({ maxSyncGap: 0.005 }))).map((f) => f.check)).toEqual(['temporal.desync']);
  });

  it('one frame late by 30 ms: "1 of 144", at that frame', () => {
    const s = kittiTracking0003();
    s.streams[0].samples[42].t += 0.03;
    const [f] = temporal(runChecks(s));
    expect(f.message).toContain('1 of 144 camera samples');
    expect(f.message).toContain('+30.0 ms (camera − LiDAR) at frame 000042');
    expect(f.samples).toEqual(['image_02/000042', 'velodyne/000042']);
  });

  it('per-frame poses shared by every sensor of a frame are not per-sample ego poses (Vicomtech`s KITTI OpenLABEL, vehicle-iso8855 → odom per frame): still triggered', () => {
    const file = 'fixtures/openlabel/openlabel100_kitti_tracking_0003.json';
    const { scene } = importOpenLabel(JSON.parse(readFileSync(file, 'utf8')), file);
    expect(scene.streams[0].samples[1].transforms?.map((t) => `${t.from}→${t.to}`)).toEqual(['vehicle-iso8855→odom']);
    expect(rigNature(scene, 'CAM_LEFT', 'VELO_TOP').nature).toBe('triggered');
    expect(temporal(runChecks(scene))).toEqual([]);
    const shifted = temporal(runChecks(shiftSampleTimes(scene, 'CAM_LEFT', 0.05)));
    expect(shifted.map((f) => f.check + ' ' + f.sensors.join(','))).toEqual(['temporal.desync CAM_LEFT,VELO_TOP']);
  });

  it('live QA keeps it with the environment: incremental after an annotation edit equals a full run', () => {
    const s = shiftSampleTimes(kittiTracking0003(), 'image_02', 0.05);
    const live = new IncrementalQa(s);
    const first = live.findings;
    expect(temporal(first).map((f) => f.check)).toEqual(['temporal.desync']);
    const part = Object.keys(s.annotations).find((k) => k.startsWith('image_02/'))!;
    const id = Object.keys(s.annotations[part])[0];
    const next = { ...s, annotations: { ...s.annotations, [part]: { ...s.annotations[part], [id]: { ...s.annotations[part][id], attributes: { occluded: 2 } } } } } as Scene;
    const after = live.update(next);
    expect(live.stats.mode).toBe('incremental');
    expect(after).toEqual(runChecks(next));
    expect(temporal(after)).toEqual(temporal(first));
  });
});

describe('no desync on a motion-compensated rig (nuScenes: every sample carries its own ego pose)', () => {
  it.each([
    ['mmdet3d demo keyframe (scene-0061)', mmdet3d],
    ['Lyft tables', lyft],
  ] as const)('%s: real camera–LiDAR gaps beyond 10 ms, no finding; the same data without the poses reports them', (_, load) => {
    const scene = load();
    expect(largestGap(scene)).toBeGreaterThan(0.01);
    const cams = scene.sensors.filter((s) => s.kind === 'camera').map((s) => s.id);
    const lidar = scene.sensors.find((s) => s.kind === 'lidar')!.id;
    for (const c of cams) expect(rigNature(scene, c, lidar).nature, c).toBe('motion-compensated');
    expect(temporal(runChecks(scene)).filter((f) => f.check === 'temporal.desync')).toEqual([]);
    expect(temporal(runChecks(stripPoses(scene))).filter((f) => f.check === 'temporal.desync').length).toBeGreaterThan(0);
  });
});

describe('temporal.offset-estimate (on demand)', () => {
  it('untouched 0003: none; camera +50 ms: one warning with the estimate', () => {
    expect(checkOffsetEstimates(kittiTracking0003())).toEqual([]);
    const fs = checkOffsetEstimates(shiftSampleTimes(kittiTracking0003(), 'image_02', 0.05));
    expect(fs.map((f) => `${f.check} ${f.sensors.join(',')}`)).toEqual(['temporal.offset-estimate image_02,velodyne']);
    expect(Math.abs(fs[0].measured!.value - 0.05)).toBeLessThan(0.005);
    expect(fs[0].message).toMatch(/^camera stream "image_02" is 4\d\.\d ms late \(± \d\.\d ms\) against LiDAR stream "velodyne", estimated from \d+ boxes of 9 moving track/);
  });
});
