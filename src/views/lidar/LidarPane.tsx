/**
 * LiDAR view: the current sweep of the scene's LiDAR at the playhead, rendered with three/R3F in
 * the sensor frame (z up), with the cuboids of that sample. Orbit or bird's-eye view; a select
 * tool and a cuboid tool. The renderer is created once; frame changes only swap buffer contents.
 * Map / UTM-scale data is drawn relative to a view origin (viewOrigin.ts): the camera and grid in
 * view coordinates, everything in LiDAR-frame coordinates inside one group at −V.
 */
import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import * as THREE from 'three';
import { estimateGroundZ } from '../../core/annotate/fitCuboid';
import type { PointCloud } from '../../core/formats/pointcloud';
import type { Cuboid } from '../../core/schema';
import { loadPointCloud, pinPointCloud } from '../../hooks/pointClouds';
import { useAnnotationsBySample, useClassColor, useCurrentSample, useScene, useSensors } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { useCameraLink } from '../../hooks/crossView';
import { cameraColors } from '../../hooks/cameraColors';
import { CameraRig, type ViewMode } from './CameraRig';
import { HoverRay } from './HoverRay';
import { CuboidHandles, DrawCuboidTool } from './CuboidEditor';
import { CuboidSubViews } from './CuboidSubViews';
import { CuboidsLayer, type CuboidView } from './CuboidsLayer';
import { PointsLayer } from './PointsLayer';
import { fitSelectedToPoints, useCuboidKeys } from './useCuboidKeys';
import type { ColorMode } from './colorize';
import { isZero, nextViewFrame, roughCentre, SENSOR_VIEW, type Vec3, type ViewFrame } from './viewOrigin';
import type { LidarSweep } from './sweep';

type Probe = { lidar?: () => unknown; lidarToScreen?: (x: number, y: number, z: number) => { x: number; y: number } };

/** Exposes renderer facts and a LiDAR-frame → screen mapping for tests (window.__crosslabel). */
function RendererProbe({ points, viewOrigin }: { points: number; viewOrigin: Vec3 }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    const w = window as unknown as { __crosslabel?: Probe };
    w.__crosslabel = w.__crosslabel ?? {};
    w.__crosslabel.lidar = () => ({ points, geometries: gl.info.memory.geometries, textures: gl.info.memory.textures, calls: gl.info.render.calls });
    w.__crosslabel.lidarToScreen = (x, y, z) => {
      const v = new THREE.Vector3(x - viewOrigin[0], y - viewOrigin[1], z - viewOrigin[2]).project(camera);
      const r = gl.domElement.getBoundingClientRect();
      return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
    };
  }, [gl, camera, points, viewOrigin]);
  return null;
}

export function LidarPane() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const lidars = useSensors('lidar');
  const lidar = lidars[0];
  const sample = useCurrentSample(lidar?.id);
  const bySample = useAnnotationsBySample();
  const colorOf = useClassColor();
  const selectedObjectId = useWorkbench((s) => s.session.selectedObjectId);
  const colorMode = useWorkbench((s) => s.session.colorMode) as ColorMode;
  const pointSize = useWorkbench((s) => s.session.pointSize);
  const tool = useWorkbench((s) => s.session.tool);
  const [mode, setMode] = useState<ViewMode>('orbit');
  const [newClass, setNewClass] = useState('car');
  const [cloud, setCloud] = useState<PointCloud | null>(null);
  const [status, setStatus] = useState<string>('');
  const [view, setView] = useState<ViewFrame>(SENSOR_VIEW);

  useEffect(() => {
    if (!sample?.uri) {
      setCloud(null);
      return;
    }
    let live = true;
    // the sweep on screen stays in the cache while shown, even when the budget is smaller than one sweep
    const unpin = pinPointCloud(sample.uri);
    setStatus('loading…');
    loadPointCloud(sample.uri).then(
      (c) => {
        if (!live) return;
        setCloud(c);
        setView((v) => nextViewFrame(v, roughCentre(c)));
        setStatus('');
      },
      (e: Error) => {
        if (!live) return;
        setCloud(null);
        setStatus(e.message);
        store.getState().setError({ message: e.message, source: sample.uri });
      },
    );
    return () => {
      live = false;
      unpin();
    };
  }, [sample?.uri, store]);

  const [camColors, setCamColors] = useState<{ colors: Float32Array; coloured: number; cloud: PointCloud } | null>(null);
  useEffect(() => {
    const current = store.getState().scene;
    if (colorMode !== 'camera' || !cloud || !current || !lidar || !sample) return;
    let live = true;
    cameraColors(current, lidar, sample, cloud).then(
      (r) => live && setCamColors({ ...r, cloud }),
      (e: Error) => live && store.getState().setError({ message: `colour by camera: ${e.message}`, source: sample.id }),
    );
    return () => {
      live = false;
    };
    // the images and calibration, not every edit, decide the colours
  }, [colorMode, cloud, sample, lidar, store]);
  const colors = colorMode === 'camera' && camColors?.cloud === cloud ? camColors.colors : null;

  const sweep: LidarSweep | null = useMemo(() => (cloud ? { positions: cloud.positions, count: cloud.count, stride: cloud.stride, origin: cloud.origin } : null), [cloud]);
  const V = view.origin;
  const sensorFrame = isZero(V);
  // the local ground height (LiDAR frame): under the sensor, or under the view's focus for map data
  const groundZ = useMemo(() => {
    const at = sensorFrame ? [0, 0] : [V[0] + view.focus[0], V[1] + view.focus[1]];
    const fallback = sensorFrame ? -1.7 : V[2] + view.focus[2] - 1.7;
    if (!sweep) return fallback;
    const g = estimateGroundZ(sweep, at[0] - sweep.origin[0], at[1] - sweep.origin[1], 25);
    return g === undefined ? fallback : g + sweep.origin[2];
  }, [sweep, sensorFrame, V, view.focus]);
  // height / distance colours are measured from the sensor, or for map data from a virtual sensor 1.7 m above the ground at the focus
  const colorFrame: Vec3 = useMemo(() => (sensorFrame ? [0, 0, 0] : [V[0] + view.focus[0], V[1] + view.focus[1], groundZ + 1.7]), [sensorFrame, V, view.focus, groundZ]);

  const cuboids: CuboidView[] = useMemo(() => {
    if (!scene || !lidar || !sample) return [];
    const list = bySample.get(`${lidar.id}|${sample.id}`) ?? [];
    return list
      .filter((a): a is Cuboid => a.kind === 'cuboid')
      .map((c) => ({ cuboid: c, color: colorOf(scene.objects[c.object]?.classId ?? ''), selected: c.object === selectedObjectId }));
  }, [scene, lidar, sample, bySample, colorOf, selectedObjectId]);
  // a sample with cuboids but no cloud: the first cuboid places the view (map-frame cuboids alone stay drawable)
  const firstCentre = cuboids[0]?.cuboid.center;
  const noCloudCentre: Vec3 | null = !cloud && firstCentre ? [firstCentre.x, firstCentre.y, firstCentre.z] : null;
  const [ncx, ncy, ncz] = noCloudCentre ?? [NaN, NaN, NaN];
  useEffect(() => {
    if (Number.isFinite(ncx)) setView((v) => nextViewFrame(v, [ncx, ncy, ncz]));
  }, [ncx, ncy, ncz]);
  const selectedCuboid = cuboids.find((c) => c.selected)?.cuboid;
  // the pane's keys also pick the class of the next cuboid (1–9 with nothing selected) and take the
  // cuboid tool (C), which draws in the bird's-eye view, like the toolbar's Cuboid button
  const onKeyDown = useCuboidKeys(store, selectedCuboid, sweep, mode === 'bev', {
    pickClass: setNewClass,
    cuboidTool: () => {
      store.getState().setSession({ tool: 'cuboid' });
      setMode('bev');
    },
  });
  const link = useCameraLink();

  if (!lidar) return <div className="pane-empty">No LiDAR sensor in this scene</div>;
  const lidarClasses = scene?.taxonomy.classes.filter((c) => !c.deprecated && c.modalities.includes('lidar')) ?? [];

  return (
    <div
      className="lidar-pane"
      data-testid="lidar-pane"
      data-sample={sample?.id ?? ''}
      data-points={cloud?.count ?? 0}
      data-cuboids={cuboids.length}
      data-mode={mode}
      data-view-origin={V.join(',')}
      data-camera-coloured={colors ? camColors?.coloured : ''}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="pane-toolbar">
        <span className="pane-title">LiDAR · {lidar.name}</span>
        <span className="muted">{sample?.frame ?? sample?.id}</span>
        <span className="muted">{cloud ? `${cloud.count.toLocaleString('en')} pts` : status}</span>
        <span className="spacer" />
        <div className="tabs" role="group" aria-label="view">
          <button aria-pressed={mode === 'orbit'} onClick={() => setMode('orbit')} title="Perspective orbit view">
            3D
          </button>
          <button aria-pressed={mode === 'bev'} onClick={() => setMode('bev')} title="Bird's-eye view (B)">
            BEV
          </button>
        </div>
        <div className="tabs" role="group" aria-label="tool">
          <button aria-pressed={tool !== 'cuboid'} onClick={() => store.getState().setSession({ tool: 'select' })}>
            Select
          </button>
          <button
            aria-pressed={tool === 'cuboid'}
            onClick={() => {
              store.getState().setSession({ tool: 'cuboid' });
              setMode('bev');
            }}
            title="Drag a rectangle on the ground in the bird's-eye view"
          >
            Cuboid
          </button>
        </div>
        <select aria-label="new cuboid class" value={newClass} onChange={(e) => setNewClass(e.target.value)}>
          {lidarClasses.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button disabled={!selectedCuboid} onClick={() => selectedCuboid && fitSelectedToPoints(store, selectedCuboid, sweep)} title="Shrink the selected cuboid to its points (F)">
          Fit
        </button>
        <select aria-label="point colour" value={colorMode} onChange={(e) => store.getState().setSession({ colorMode: e.target.value })}>
          <option value="height">height</option>
          <option value="intensity">intensity</option>
          <option value="distance">distance</option>
          <option value="camera">camera image</option>
        </select>
        <input aria-label="point size" type="range" min={1} max={6} step={1} value={pointSize} onChange={(e) => store.getState().setSession({ pointSize: Number(e.target.value) })} />
      </div>
      <div className="lidar-canvas">
        <Canvas
          frameloop="demand"
          dpr={1}
          gl={{ preserveDrawingBuffer: true, antialias: false }}
          raycaster={{ params: { Points: { threshold: 0.15 }, Mesh: {}, Line: { threshold: 1 }, LOD: {}, Sprite: {} } }} onPointerMissed={() => tool !== 'cuboid' && store.getState().select(null)}>
          <color attach="background" args={['#0e1116']} />
          <CameraRig mode={mode} focus={view.focus} />
          {/* LiDAR-frame content; three cancels the −V translation in float64 before the float32 upload */}
          <group position={[-V[0], -V[1], -V[2]]}>
            <PointsLayer
              cloud={cloud}
              colorMode={colorMode}
              pointSize={pointSize}
              colors={colors}
              colorFrame={colorFrame}
              onHover={tool === 'cuboid' ? undefined : (p) => store.getState().setHover(p && lidar ? { kind: 'point', sensor: lidar.id, ...p } : null)}
            />
            <HoverRay link={link} />
            <CuboidsLayer items={cuboids} onSelect={(o, a) => store.getState().select(o, a)} />
            {selectedCuboid && tool !== 'cuboid' ? <CuboidHandles cuboid={selectedCuboid} viewOrigin={V} /> : null}
            {tool === 'cuboid' && sample ? <DrawCuboidTool groundZ={groundZ} sweep={sweep} sensor={lidar.id} sample={sample.id} classId={newClass} viewOrigin={V} /> : null}
            <axesHelper args={[2]} />
          </group>
          <gridHelper args={[160, 32, '#2b3340', '#1c222b']} rotation={[Math.PI / 2, 0, 0]} position={sensorFrame ? [0, 0, groundZ] : [view.focus[0], view.focus[1], groundZ - V[2]]} />
          <RendererProbe points={cloud?.count ?? 0} viewOrigin={V} />
        </Canvas>
        {selectedCuboid ? <CuboidSubViews cuboid={selectedCuboid} sweep={sweep} /> : null}
      </div>
    </div>
  );
}
