/**
 * Temporal: `temporal.stream-offset` / `temporal.stream-drift` (warning) for a stream whose measured
 * |offset| (s) or |drift| (s/s) exceeds the settings; `temporal.pair-dt` (warning) for a camera
 * sample with annotations whose paired LiDAR sample (same `frame`, else nearest) is more than
 * `maxPairDt` seconds away on the scene clock — one finding per sample pair, not per annotation.
 */
import type { Scene } from '../../schema';
import type { QaContext } from '../context';
import { finding, type Finding } from '../finding';

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
  const lidars = scene.sensors.filter((x) => x.kind === 'lidar');
  for (const cam of cameras)
    for (const st of scene.streams) {
      if (st.sensor !== cam.id) continue;
      for (const sample of st.samples) {
        const anns = ctx.index.annotationsOn(cam.id, sample.id);
        if (!anns.length) continue;
        const c = ctx.index.sample(cam.id, sample.id)!;
        for (const l of lidars) {
          const p = ctx.index.pair(c, l.id);
          if (!p) continue;
          const dt = Math.abs(c.t - p.t);
          if (dt <= s.maxPairDt + EPS) continue;
          out.push(
            finding({
              check: 'temporal.pair-dt',
              severity: 'warning',
              sensors: [cam.id, l.id],
              samples: [sample.id, p.sample.id],
              message: `camera sample "${sample.id}" and its paired LiDAR sample "${p.sample.id}" are ${(dt * 1e3).toFixed(1)} ms apart (tolerance ${(s.maxPairDt * 1e3).toFixed(1)} ms); ${anns.length} annotation(s) on the camera sample are compared against it`,
              measured: { name: 'pairDt', value: dt, unit: 's', tolerance: s.maxPairDt },
            }),
          );
        }
      }
    }
  return out;
}
