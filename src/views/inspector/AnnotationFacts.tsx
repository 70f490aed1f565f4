/**
 * Per-annotation facts for the inspector:
 * - a cuboid: LiDAR points inside (counted on its sweep, from the shared point-cloud cache),
 *   distance from the sensor, and the 2D box it projects to in each camera;
 * - a 2D box: its deviation from the object's projected cuboid box in that camera (IoU, px).
 */
import { useEffect, useMemo, useState } from 'react';
import { countPointsInCuboid } from '../../core/geometry';
import { toCloudFrame } from '../../core/formats/pointcloud';
import { boxDeviation, projectSceneCuboids, type SceneProjection } from '../../core/projection';
import type { Box2D, Cuboid, Scene } from '../../core/schema';
import { findSample } from '../../core/time';
import { markNotVisible } from '../../core/commands/annotations';
import { acceptProjectedBox } from '../../core/commands/projected';
import { loadPointCloud } from '../../hooks/pointClouds';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { allAnnotations } from '../../core/schema';

function PointsInside({ scene, cuboid }: { scene: Scene; cuboid: Cuboid }) {
  const [n, setN] = useState<number | null>(null);
  const uri = findSample(scene, cuboid.sensor, cuboid.sample)?.sample.uri;
  useEffect(() => {
    let live = true;
    setN(null);
    if (!uri) return;
    loadPointCloud(uri).then(
      (c) => live && setN(countPointsInCuboid(toCloudFrame(cuboid, c.origin), c.positions, c.stride)),
      () => live && setN(null),
    );
    return () => {
      live = false;
    };
  }, [uri, cuboid]);
  return <span data-testid="points-inside">{n === null ? '…' : n.toLocaleString('en')}</span>;
}

/** For a camera the cuboid projects into but where the object has no 2D label yet: accept the projection, or mark it not visible. */
function ProjectionActions({ scene, cuboid, p }: { scene: Scene; cuboid: Cuboid; p: SceneProjection }) {
  const store = useWorkbenchStore();
  const labelled = allAnnotations(scene).some((a) => a.object === cuboid.object && 'sample' in a && a.sensor === p.sensor && a.sample === p.sample && (a.kind === 'box2d' || a.kind === 'notVisible' || a.kind === 'polygon' || a.kind === 'mask'));
  if (labelled) return null;
  return (
    <div className="fact-actions">
      <button onClick={() => store.getState().dispatch(acceptProjectedBox, { cuboid: cuboid.id, camera: p.sensor })}>Accept box</button>
      <select
        aria-label={`not visible in ${p.sensor}`}
        value=""
        onChange={(e) => e.target.value && store.getState().dispatch(markNotVisible, { object: cuboid.object, sensor: p.sensor, sample: p.sample, reason: e.target.value as 'occluded' })}
      >
        <option value="">Not visible…</option>
        <option value="occluded">occluded</option>
        <option value="out_of_frame">out of frame</option>
        <option value="too_small">too small</option>
      </select>
    </div>
  );
}

export function CuboidFacts({ scene, cuboid }: { scene: Scene; cuboid: Cuboid }) {
  const projections: SceneProjection[] = useMemo(() => {
    try {
      return projectSceneCuboids(scene, { cuboid: cuboid.id });
    } catch {
      return [];
    }
  }, [scene, cuboid.id]);
  const d = Math.hypot(cuboid.center.x, cuboid.center.y, cuboid.center.z);
  return (
    <dl className="facts" data-testid="cuboid-facts">
      <div>
        <dt>points inside</dt>
        <dd>
          <PointsInside scene={scene} cuboid={cuboid} />
        </dd>
      </div>
      <div>
        <dt>distance</dt>
        <dd>{d.toFixed(1)} m</dd>
      </div>
      {projections.length === 0 ? (
        <div>
          <dt>in cameras</dt>
          <dd>not visible</dd>
        </div>
      ) : (
        projections.map((p) => (
          <div key={p.sensor + p.sample} className="fact-block">
            <div>
              <dt>in {p.sensor}</dt>
              <dd data-testid="cuboid-projection">
                [{p.box.map((v) => v.toFixed(0)).join(', ')}]{p.truncated > 0.01 ? ` · ${(p.truncated * 100).toFixed(0)}% cut` : ''}
              </dd>
            </div>
            <ProjectionActions scene={scene} cuboid={cuboid} p={p} />
          </div>
        ))
      )}
    </dl>
  );
}

export function BoxFacts({ scene, box }: { scene: Scene; box: Box2D }) {
  const projected = useMemo(() => {
    if (box.projected) return box.projected;
    try {
      const p = projectSceneCuboids(scene, { camera: box.sensor, sample: box.sample }).find((x) => x.object === box.object && x.sample === box.sample);
      return p ? { x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] } : undefined;
    } catch {
      return undefined;
    }
  }, [scene, box]);
  if (!projected) return null;
  const dev = boxDeviation(box, projected);
  return (
    <dl className="facts" data-testid="box-facts">
      <div>
        <dt>vs projected cuboid</dt>
        <dd>
          IoU {dev.iou.toFixed(2)} · max {dev.maxEdgePx.toFixed(1)} px
        </dd>
      </div>
    </dl>
  );
}
