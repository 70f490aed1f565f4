/**
 * What the camera pane shows: the active camera, its sample at the playhead, the image size (image
 * pixels, from the sample's or the sensor's intrinsics), the sample's 2D labels, the derived
 * projected cuboid boxes, the DontCare regions, each labelled box's deviation from its projected
 * box, and the decoded image URL (neighbours prefetched). Memoised on the document.
 */
import { useMemo } from 'react';
import type { Box2D, Polygon } from '../../core/schema';
import { boxDeviation, type BoxDeviation } from '../../core/projection';
import { streamOfSensor } from '../../core/time';
import { resolveMediaUrl } from '../../hooks/media';
import { useProjectedBoxes } from '../../hooks/projected';
import { useAnnotationsBySample, useCurrentSample, useScene, useSensors } from '../../hooks/sceneHooks';
import { useWorkbench } from '../../hooks/storeContext';
import { disagrees } from './overlays';
import { useDecodedImage } from './useDecodedImage';

export type Deviation = BoxDeviation & { projectedId: string };

export function useCameraFrame() {
  const scene = useScene();
  const cameras = useSensors('camera');
  const activeId = useWorkbench((s) => s.session.activeCamera);
  const camera = cameras.find((c) => c.id === activeId) ?? cameras[0];
  const sample = useCurrentSample(camera?.id);
  const bySample = useAnnotationsBySample();
  const projectedBySample = useProjectedBoxes();
  const intr = sample?.intrinsics ?? camera?.intrinsics;
  const W = intr?.width ?? 1;
  const H = intr?.height ?? 1;

  const key = camera && sample ? `${camera.id}|${sample.id}` : '';
  const boxes = useMemo(() => (bySample.get(key) ?? []).filter((a): a is Box2D => a.kind === 'box2d'), [bySample, key]);
  const polygons = useMemo(() => (bySample.get(key) ?? []).filter((a): a is Polygon => a.kind === 'polygon'), [bySample, key]);
  const projected = useMemo(() => projectedBySample.get(key) ?? [], [projectedBySample, key]);
  const ignore = useMemo(() => (scene && camera && sample ? scene.ignoreRegions.filter((r) => r.sensor === camera.id && r.sample === sample.id) : []), [scene, camera, sample]);
  /** Labelled boxes whose object also has a projected cuboid box here: their deviation (IoU, px). */
  const deviations = useMemo(() => {
    const m = new Map<string, Deviation>();
    for (const b of boxes) {
      if (b.source === 'projected') continue;
      const p = projected.find((x) => x.object === b.object);
      if (p) m.set(b.id, { ...boxDeviation(b, p), projectedId: p.id });
    }
    return m;
  }, [boxes, projected]);
  const disagreeingProjected = useMemo(() => new Set([...deviations.values()].filter(disagrees).map((d) => d.projectedId)), [deviations]);

  const neighbours = useMemo(() => {
    if (!scene || !camera || !sample) return [];
    const st = streamOfSensor(scene, camera.id);
    const i = st ? st.samples.findIndex((x) => x.id === sample.id) : -1;
    return st && i >= 0 ? [st.samples[i - 1], st.samples[i + 1]].map((x) => resolveMediaUrl(x?.uri)) : [];
  }, [scene, camera, sample]);
  const url = useDecodedImage(resolveMediaUrl(sample?.uri), neighbours);
  const wantedUrl = resolveMediaUrl(sample?.uri);

  return { scene, cameras, camera, sample, W, H, boxes, polygons, projected, ignore, deviations, disagreeingProjected, url, wantedUrl };
}
