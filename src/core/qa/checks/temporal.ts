/**
 * Temporal: `temporal.stream-offset` / `temporal.stream-drift` (warning) for a stream whose measured
 * |offset| (s) or |drift| (s/s) exceeds the settings; `temporal.pair-dt` (warning) for a camera
 * sample with annotations whose paired LiDAR sample (same `frame`, else nearest) is more than
 * `maxPairDt` seconds away on the scene clock — one finding per sample pair, not per annotation;
 * `temporal.desync` (warning), by the rig's nature (core/time/rig.ts): on a triggered rig (no
 * per-sample ego poses, KITTI) a camera sample more than `maxSyncGap` (10 ms) from its paired LiDAR
 * sample is a desync — one finding per (camera, LiDAR) pair naming the streams, the worst frame and
 * its gap, and how many frames exceed; on a motion-compensated rig (every sample carries its own ego
 * pose, nuScenes) the gap is legitimate and not reported. It reads only sensors and streams, so live
 * QA recomputes it with the environment (live.ts bucket `env`).
 */
import type { Scene } from '../../schema';
import type { SampleIndex } from '../../projection/sampleIndex';
import type { QaContext } from '../context';
import type { QaSettings } from '../settings';
import { finding, type Finding } from '../finding';
import { rigNature } from '../../time/rig';

const EPS = 1e-9;

export function checkTemporal(scene: Scene, ctx: QaContext): Finding[] {
  const s = ctx.settings;
  const out: Finding[] = [];
  for (const st of scene.streams) {
    if (Math.abs(st.offset) > s.maxStreamOffset + EPS)
      out.push(
        finding({
          check: 'temporal.stream-offset',
          severity: 'warning',
          sensors: [st.sensor],
          key: st.id,
          message: `stream "${st.id}" (sensor "${st.sensor}") has a clock offset of ${(st.offset * 1e3).toFixed(1)} ms (tolerance ${(s.maxStreamOffset * 1e3).toFixed(1)} ms)`,
          measured: { name: 'offset', value: st.offset, unit: 's', tolerance: s.maxStreamOffset },
        }),
      );
    if (Math.abs(st.drift) > s.maxStreamDrift + EPS)
      out.push(
        finding({
          check: 'temporal.stream-drift',
          severity: 'warning',
          sensors: [st.sensor],
          key: st.id,
          message: `stream "${st.id}" (sensor "${st.sensor}") drifts ${(st.drift * 1e6).toFixed(0)} µs/s (tolerance ${(s.maxStreamDrift * 1e6).toFixed(0)} µs/s)`,
          measured: { name: 'drift', value: st.drift, unit: 's/s', tolerance: s.maxStreamDrift },
        }),
      );
  }
  const cameras = scene.sensors.filter((x) => x.kind === 'camera');
  for (const cam of cameras) for (const l of scene.sensors) if (l.kind === 'lidar') out.push(...desyncFindings(scene, ctx.index.samples, s, cam.id, l.id));
  for (const cam of cameras) {
    const done = new Set<string>();
    for (const st of scene.streams) {
      if (st.sensor !== cam.id) continue;
      for (const sample of st.samples) {
        if (done.has(sample.id)) continue;
        done.add(sample.id);
        const n = ctx.index.countOn(cam.id, sample.id);
        if (n) for (const f of pairDtFindings(scene, ctx.index.samples, s, cam.id, sample.id, n)) out.push(f);
      }
    }
  }
  return out;
}

/**
 * `temporal.pair-dt` of one camera sample that carries `count` annotations (none when 0): one
 * finding per LiDAR whose paired sample is more than `maxPairDt` s away. A sample id repeated in a
 * camera's streams is reported once (the index holds one sample per id).
 */
export function pairDtFindings(scene: Scene, index: SampleIndex, s: QaSettings, camera: string, sample: string, count: number): Finding[] {
  const c = index.sample(camera, sample);
  if (!count || !c) return [];
  const out: Finding[] = [];
  for (const l of scene.sensors) {
    if (l.kind !== 'lidar') continue;
    const p = index.pair(c, l.id);
    if (!p) continue;
    const dt = Math.abs(c.t - p.t);
    if (dt <= s.maxPairDt + EPS) continue;
    out.push(
      finding({
        check: 'temporal.pair-dt',
        severity: 'warning',
        sensors: [camera, l.id],
        samples: [sample, p.sample.id],
        message: `camera sample "${sample}" and its paired LiDAR sample "${p.sample.id}" are ${(dt * 1e3).toFixed(1)} ms apart (tolerance ${(s.maxPairDt * 1e3).toFixed(1)} ms); ${count} annotation(s) on the camera sample are compared against it`,
        measured: { name: 'pairDt', value: dt, unit: 's', tolerance: s.maxPairDt },
      }),
    );
  }
  return out;
}

const ms = (t: number): string => `${t >= 0 ? '+' : '−'}${(Math.abs(t) * 1e3).toFixed(1)} ms`;

/**
 * `temporal.desync` of one (camera, LiDAR) pair: none on a motion-compensated rig; on a triggered
 * rig one finding when some camera sample is more than `maxSyncGap` from its paired LiDAR sample.
 */
export function desyncFindings(scene: Scene, index: SampleIndex, s: QaSettings, camera: string, lidar: string): Finding[] {
  let worst: { gap: number; cam: string; lidar: string; frame?: string; camStream: string; lidarStream: string } | undefined;
  let over = 0, frames = 0;
  for (const st of scene.streams) {
    if (st.sensor !== camera) continue;
    for (const sample of st.samples) {
      const c = index.sample(camera, sample.id);
      const p = c && index.pair(c, lidar);
      if (!c || !p) continue;
      frames++;
      const gap = c.t - p.t;
      if (Math.abs(gap) <= s.maxSyncGap + EPS) continue;
      over++;
      if (!worst || Math.abs(gap) > Math.abs(worst.gap)) worst = { gap, cam: sample.id, lidar: p.sample.id, frame: sample.frame, camStream: st.id, lidarStream: p.stream.id };
    }
  }
  if (!worst) return [];
  const rig = rigNature(scene, camera, lidar);
  if (rig.nature === 'motion-compensated') return [];
  const where = worst.frame !== undefined ? `frame ${worst.frame}` : `camera sample "${worst.cam}"`;
  return [
    finding({
      check: 'temporal.desync',
      severity: 'warning',
      sensors: [camera, lidar],
      samples: [worst.cam, worst.lidar],
      key: `${camera}|${lidar}`,
      message: `camera stream "${worst.camStream}" and LiDAR stream "${worst.lidarStream}" are out of sync: ${over} of ${frames} camera samples are more than ${(s.maxSyncGap * 1e3).toFixed(1)} ms from their LiDAR sample, the largest gap ${ms(worst.gap)} (camera − LiDAR) at ${where} ("${worst.cam}" vs "${worst.lidar}"); ${rig.reason}`,
      measured: { name: 'syncGap', value: Math.abs(worst.gap), unit: 's', tolerance: s.maxSyncGap },
    }),
  ];
}
