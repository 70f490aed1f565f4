/**
 * Cuboids written in a camera's coordinate system belong to the LiDAR all the same: Vicomtech's
 * KITTI export, for one, puts every `box3D` on CAM_LEFT. Left on the camera, they would be drawn
 * in no LiDAR view and no 3D tool could reach them. Each such cuboid is re-expressed in the frame
 * of a LiDAR that has a sample at the same OpenLABEL frame and that the calibration links to the
 * camera (the frame graph of the scene with both samples' own transforms), and moved to that
 * sample. Ids stay, so links (`fromCuboid`) still hold; a cuboid with no such LiDAR stays on its
 * camera. Exports write it in the LiDAR's coordinate system; KITTI's transforms it back.
 */
import { FrameGraph } from '../../calibration';
import { transformCuboid } from '../../geometry/cuboid';
import type { Annotation, Sample, Scene } from '../../schema';
import type { ImportedFrames } from './importFrames';

export interface CuboidMove {
  /** camera sensor id → LiDAR sensor id → cuboids moved. */
  moved: Map<string, Map<string, number>>;
  /** camera sensor id → cuboids left on it (no LiDAR sample at their frame, or no calibration path). */
  stayed: Map<string, number>;
}

const bump = <K>(m: Map<K, number>, k: K): void => void m.set(k, (m.get(k) ?? 0) + 1);

/** Move camera-frame cuboids of `annotations` (in place) to a LiDAR sample of the same frame. */
export function moveCameraCuboidsToLidar(scene: Pick<Scene, 'sensors' | 'transforms' | 'streams'>, annotations: Record<string, Annotation>, frames: ImportedFrames): CuboidMove {
  const out: CuboidMove = { moved: new Map(), stayed: new Map() };
  const sensorById = new Map(scene.sensors.map((s) => [s.id, s]));
  const lidars = scene.sensors.filter((s) => s.kind === 'lidar');
  if (!lidars.length) return out;
  const sampleById = new Map<string, Sample>();
  for (const st of scene.streams) for (const s of st.samples) sampleById.set(s.id, s);
  const frameOf = new Map<string, number>();
  for (const [, bySample] of frames.sampleAt) for (const [fi, sampleId] of bySample) frameOf.set(sampleId, fi);
  const graphs = new Map<string, FrameGraph>();

  for (const a of Object.values(annotations)) {
    const camera = sensorById.get(a.kind === 'cuboid' ? a.sensor : '');
    if (a.kind !== 'cuboid' || camera?.kind !== 'camera') continue;
    const fi = frameOf.get(a.sample);
    let done = false;
    for (const lidar of fi === undefined ? [] : lidars) {
      if (lidar.kind !== 'lidar') continue;
      const lidarSampleId = frames.sampleAt.get(lidar.id)?.get(fi!);
      if (!lidarSampleId) continue;
      const key = `${a.sample}|${lidarSampleId}`;
      let graph = graphs.get(key);
      if (!graph) {
        graph = FrameGraph.fromScene(scene, [sampleById.get(a.sample), sampleById.get(lidarSampleId)].filter((s): s is Sample => !!s));
        graphs.set(key, graph);
      }
      if (!graph.has(camera.frame, lidar.frame)) continue;
      const g = transformCuboid(a, graph.resolve(camera.frame, lidar.frame).m);
      Object.assign(a, { sensor: lidar.id, sample: lidarSampleId, center: g.center, rotation: g.rotation });
      const per = out.moved.get(camera.id) ?? new Map<string, number>();
      out.moved.set(camera.id, per);
      bump(per, lidar.id);
      done = true;
      break;
    }
    if (!done) bump(out.stayed, camera.id);
  }
  return out;
}
