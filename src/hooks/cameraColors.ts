/**
 * Colour a LiDAR sweep by the camera images: every point that projects into a camera sample paired
 * with the sweep takes that image's pixel colour; points outside every camera stay grey. One
 * typed-array projection pass per camera (core projectSweep); images decoded with createImageBitmap.
 */
import { createCameraModel, FrameGraph } from '../core/calibration';
import type { PointCloud } from '../core/formats/pointcloud';
import { allocateSweepProjection, pairedCameraSample, projectSweep } from '../core/projection';
import type { CameraSensor, LidarSensor, Sample, Scene } from '../core/schema';
import { fetchBytes } from './media';

const GREY = 0.45;

async function imagePixels(uri: string): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const bytes = await fetchBytes(uri, { kind: 'image' });
  const bmp = await createImageBitmap(new Blob([bytes as BlobPart]));
  const canvas = new OffscreenCanvas(bmp.width, bmp.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bmp, 0, 0);
  bmp.close();
  return { data: ctx.getImageData(0, 0, canvas.width, canvas.height).data, width: canvas.width, height: canvas.height };
}

export async function cameraColors(scene: Scene, lidar: LidarSensor, lidarSample: Sample, cloud: PointCloud): Promise<{ colors: Float32Array; coloured: number }> {
  const n = cloud.count;
  const colors = new Float32Array(3 * n).fill(GREY);
  const done = new Uint8Array(n);
  let coloured = 0;
  const proj = allocateSweepProjection(n);
  for (const camera of scene.sensors.filter((s): s is CameraSensor => s.kind === 'camera')) {
    const camSample = pairedCameraSample(scene, camera.id, lidarSample);
    if (!camSample?.uri) continue;
    const model = createCameraModel(camSample.intrinsics ?? camera.intrinsics, camera.id);
    const T = FrameGraph.fromScene(scene, [lidarSample, camSample]).resolve(lidar.frame, camera.frame).m;
    projectSweep(cloud.positions, cloud.stride, T, model, proj, 0.1, cloud.origin);
    const img = await imagePixels(camSample.uri);
    const sx = img.width / model.width;
    const sy = img.height / model.height;
    for (let i = 0; i < n; i++) {
      if (!proj.mask[i] || done[i]) continue;
      const x = Math.min(img.width - 1, (proj.u[i] * sx) | 0);
      const y = Math.min(img.height - 1, (proj.v[i] * sy) | 0);
      const o = 4 * (y * img.width + x);
      colors[3 * i] = img.data[o] / 255;
      colors[3 * i + 1] = img.data[o + 1] / 255;
      colors[3 * i + 2] = img.data[o + 2] / 255;
      done[i] = 1;
      coloured++;
    }
  }
  return { colors, coloured };
}
