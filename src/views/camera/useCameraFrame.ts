/**
 * What the camera pane shows: the active camera or video sensor (one tab each), its sample at the
 * playhead (for a video: the frame whose PTS is at or before it, see videoFrames.ts), the image size
 * (image pixels, from the sample's or the sensor's intrinsics; a video's width/height), the
 * sample's 2D labels, the derived projected cuboid boxes, the DontCare regions, each labelled box's
 * deviation from its projected box, and the decoded image URL (neighbours prefetched) or, for a
 * video, the frame to seek to. Memoised on the document.
 */
import { useMemo } from 'react';
import type { Box2D, CameraSensor, Polygon, Sensor } from '../../core/schema';
import { boxDeviation, type BoxDeviation } from '../../core/projection';
import { streamOfSensor } from '../../core/time';
import { resolveMediaUrl } from '../../hooks/media';
import { useProjectedBoxes } from '../../hooks/projected';
import { useAnnotationsBySample, useCurrentSample, useScene, useSensors } from '../../hooks/sceneHooks';
import { useWorkbench } from '../../hooks/storeContext';
import { disagrees } from './overlays';
import { useDecodedImage } from './useDecodedImage';
import { videoTargetAt } from './videoFrames';

/** A sensor the camera pane shows: a camera (images) or a video. */
export type ImageSensor = CameraSensor | Extract<Sensor, { kind: 'video' }>;

export type Deviation = BoxDeviation & { projectedId: string };

export function useCameraFrame() {
  const scene = useScene();
  const cameraSensors = useSensors('camera');
  const videoSensors = useSensors('video');
  const cameras: ImageSensor[] = useMemo(() => [...cameraSensors, ...videoSensors], [cameraSensors, videoSensors]);
  const activeId = useWorkbench((s) => s.session.activeCamera);
  const camera = cameras.find((c) => c.id === activeId) ?? cameras[0];
  const sample = useCurrentSample(camera?.id);
  const bySample = useAnnotationsBySample();
  const projectedBySample = useProjectedBoxes();
  const isVideo = camera?.kind === 'video';
  const intr = camera?.kind === 'camera' ? (sample?.intrinsics ?? camera.intrinsics) : undefined;
  const W = (camera?.kind === 'video' ? camera.width : intr?.width) ?? 1;
  const H = (camera?.kind === 'video' ? camera.height : intr?.height) ?? 1;
  const playhead = useWorkbench((s) => (isVideo ? s.live.playhead : 0));
  const video = useMemo(() => {
    const st = isVideo && scene && camera ? streamOfSensor(scene, camera.id) : undefined;
    return st ? videoTargetAt(st, playhead) : null;
  }, [isVideo, scene, camera, playhead]);

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
    if (!scene || !camera || !sample || isVideo) return [];
    const st = streamOfSensor(scene, camera.id);
    const i = st ? st.samples.findIndex((x) => x.id === sample.id) : -1;
    return st && i >= 0 ? [st.samples[i - 1], st.samples[i + 1]].map((x) => resolveMediaUrl(x?.uri)) : [];
  }, [scene, camera, sample, isVideo]);
  const url = useDecodedImage(isVideo ? null : resolveMediaUrl(sample?.uri), neighbours);
  const wantedUrl = isVideo ? null : resolveMediaUrl(sample?.uri);
  const videoUrl = isVideo ? resolveMediaUrl(sample?.uri) : null;

  return { scene, cameras, camera, sample, W, H, boxes, polygons, projected, ignore, deviations, disagreeingProjected, url, wantedUrl, video, videoUrl };
}
