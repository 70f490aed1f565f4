/**
 * LiDAR points of the paired sweep projected into the image, coloured by depth (near = warm,
 * far = cool). Projected in one typed-array pass (core projectSweep) and painted once per
 * sweep/camera into an image-sized canvas that the SVG shows as one <image>: zoom and pan come free.
 */
import { useEffect, useState } from 'react';
import { allocateSweepProjection, projectSweep } from '../../../core/projection';
import type { CameraLink } from '../../../hooks/crossView';
import { loadPointCloud } from '../../../hooks/pointClouds';
import { useCurrentSample } from '../../../hooks/sceneHooks';

export function LidarOverlay({ link }: { link: CameraLink }) {
  const lidarSample = useCurrentSample(link.lidar.id);
  const [url, setUrl] = useState<string | null>(null);
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    if (!lidarSample?.uri) return;
    loadPointCloud(lidarSample.uri).then((cloud) => {
      if (!live) return;
      const out = allocateSweepProjection(cloud.count);
      const n = projectSweep(cloud.positions, cloud.stride, link.camFromLidar, link.model, out, 0.1, cloud.origin);
      const W = link.model.width;
      const H = link.model.height;
      const canvas = document.createElement('canvas');
      canvas.width = W;
      canvas.height = H;
      const ctx = canvas.getContext('2d')!;
      const img = ctx.createImageData(W, H);
      for (let i = 0; i < cloud.count; i++) {
        if (!out.mask[i]) continue;
        const t = Math.min(1, Math.max(0, (out.depth[i] - 2) / 50));
        const r = 255 * (1 - t), g = 255 * (t < 0.5 ? 2 * t : 2 - 2 * t), b = 255 * t;
        const u = out.u[i] | 0, v = out.v[i] | 0;
        for (let dy = 0; dy < 2; dy++)
          for (let dx = 0; dx < 2; dx++) {
            const x = u + dx, y = v + dy;
            if (x >= W || y >= H) continue;
            const o = 4 * (y * W + x);
            img.data[o] = r;
            img.data[o + 1] = g;
            img.data[o + 2] = b;
            img.data[o + 3] = 255;
          }
      }
      ctx.putImageData(img, 0, 0);
      setUrl(canvas.toDataURL());
      setCount(n);
    }, () => live && setUrl(null));
    return () => {
      live = false;
    };
  }, [lidarSample?.uri, link]);
  if (!url) return null;
  return <image href={url} x={0} y={0} width={link.model.width} height={link.model.height} data-testid="lidar-overlay" data-points={count} style={{ pointerEvents: 'none' }} />;
}
