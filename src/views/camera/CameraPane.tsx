/**
 * Camera view: the image of the current sample of the active camera with its 2D labels, drawn as
 * SVG in image pixel coordinates (viewBox = the visible part of the image), so overlays stay
 * exact at any zoom; overlay text is counter-scaled to a fixed screen size (layers/ScreenText).
 *
 * The pane composes: what to show (useCameraFrame), pan/zoom (usePanZoom), the tools (tools/: edit
 * = select/move/resize, box, polygon; new labels link through useLinkedLabel) and the overlay
 * layers (layers/). A pointer press goes to the first that takes it: pan, a box handle, the polygon
 * tool, a label (select tool), the box tool. Every drag is one undo step.
 */
import { useRef, useState } from 'react';
import { useCameraLink } from '../../hooks/crossView';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { classHotkeyHandlers } from '../../keyboard/classHotkeys';
import { usePaneCommands } from '../../keyboard/react';
import { CameraToolbar } from './CameraToolbar';
import { BoxDraft, PolygonDraft } from './layers/Drafts';
import { HoverMarker } from './layers/HoverMarker';
import { IgnoreRegions } from './layers/IgnoreRegions';
import { LabelledBoxes } from './layers/LabelledBoxes';
import { LidarOverlay } from './layers/LidarOverlay';
import { Polygons } from './layers/Polygons';
import { ProjectedBoxes } from './layers/ProjectedBoxes';
import { ScreenText } from './layers/ScreenText';
import { Wireframes } from './layers/Wireframes';
import { VideoError, VideoLayer } from './layers/VideoLayer';
import { LinkChoice } from './LinkChoice';
import { OverlayLegend } from './OverlayLegend';
import { OVERLAYS, useOverlays, useToggleOverlay } from './overlays';
import { bounds } from './tools/geometry';
import { useBoxTool } from './tools/useBoxTool';
import { useEditTool } from './tools/useEditTool';
import { usePolygonTool } from './tools/usePolygonTool';
import { useCameraFrame } from './useCameraFrame';
import { useLinkedLabel } from './useLinkedLabel';
import { useVideoFrame } from './useVideoFrame';
import './video.css';
import { usePanZoom } from './usePanZoom';
import { clientToImage } from './useViewBox';

export function CameraPane() {
  const frame = useCameraFrame();
  const { scene, camera, sample, boxes, polygons, projected } = frame;
  // a video tab: the frame at or before the playhead, seeked and confirmed (useVideoFrame)
  const video = useVideoFrame(frame.video, frame.videoUrl);
  const natural = camera?.kind === 'video' && !(camera.width && camera.height) ? video.natural : null;
  const W = natural?.width ?? frame.W;
  const H = natural?.height ?? frame.H;
  const store = useWorkbenchStore();
  const tool = useWorkbench((s) => s.session.tool);
  const [pickedClass, setNewClass] = useState('car');
  // the class of new labels must be one labelled in this sensor's modality (a video's speaker, a camera's car)
  const usable = scene?.taxonomy.classes.filter((c) => !c.deprecated && c.modalities.includes(camera?.kind ?? 'camera'));
  const newClass = !usable || usable.some((c) => c.id === pickedClass) ? pickedClass : (usable[0]?.id ?? pickedClass);
  const svgRef = useRef<SVGSVGElement>(null);
  const view = usePanZoom(W, H, svgRef);
  /** Handle and vertex radius, image pixels. */
  const handleR = Math.max(3, view.vb.w / 160);
  const link = useCameraLink();
  const ov = useOverlays();
  const toggleOverlay = useToggleOverlay();
  const linked = useLinkedLabel(camera && sample ? { camera: camera.id, sample: sample.id } : null, projected, newClass);
  const edit = useEditTool(boxes, polygons, W, H);
  const boxTool = useBoxTool((rect) => linked.place({ kind: 'box2d', ...rect }, rect));
  const polygonTool = usePolygonTool((points) => linked.place({ kind: 'polygon', points, closed: true }, bounds(points)), 2.5 * handleR);
  // keys through the command registry (rebindable): overlays, fit, class hotkeys 1–9 (camera classes)
  const commandKeys = usePaneCommands('camera', {
    ...Object.fromEntries(OVERLAYS.map((o) => [`camera.overlay.${o.key}`, () => toggleOverlay(o.key)])),
    'camera.fit': view.fit,
    ...classHotkeyHandlers(store, 'camera', setNewClass),
  });

  if (!camera || !sample) return <div className="pane-empty">No camera or video in this scene</div>;
  const linkHere = link && link.camera.id === camera.id ? link : null;
  const toImage = (e: { clientX: number; clientY: number }) => clientToImage(svgRef.current!, e.clientX, e.clientY);

  const onPointerDown = (e: React.PointerEvent<SVGSVGElement>) => {
    if (view.pointerDown(e) || e.button !== 0) return;
    const target = e.target as Element;
    svgRef.current?.setPointerCapture(e.pointerId);
    const p = toImage(e);
    if (edit.grabHandle(target)) return;
    if (tool === 'polygon') return polygonTool.click(p);
    if (tool !== 'box' && edit.grabLabel(target, p)) return;
    if (tool === 'box') boxTool.begin(p);
    else store.getState().select(null);
  };
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    if (view.pointerMove(e)) return;
    const p = toImage(e);
    if (edit.move(p) || boxTool.move(p)) return;
    polygonTool.hover(p);
    store.getState().setHover(p.x >= 0 && p.y >= 0 && p.x <= W && p.y <= H ? { kind: 'pixel', sensor: camera.id, sample: sample.id, u: p.x, v: p.y } : null);
  };
  const onPointerUp = () => {
    if (!view.pointerUp() && !boxTool.release()) edit.release();
  };

  return (
    <div
      className="camera-pane"
      data-testid="camera-pane"
      data-sample={sample.id}
      data-sensor-kind={camera.kind}
      {...(frame.video ? { 'data-video-frame': frame.video.index, 'data-video-expected-pts': frame.video.pts, 'data-video-pts': video.shownPts ?? '' } : {})}
      tabIndex={0}
      onKeyDown={(e) => {
        view.keyDown(e);
        if (polygonTool.keyDown(e)) return;
        // Delete / Backspace reach the global "Delete selected label" command
        commandKeys(e);
      }}
      onKeyUp={view.keyUp}
    >
      <CameraToolbar scene={scene} cameras={frame.cameras} camera={camera} sample={sample} newClass={newClass} onNewClass={setNewClass} onFit={view.fit} zoomPercent={(W / view.vb.w) * 100} />
      <div className="camera-stage">
        <svg
          ref={svgRef}
          className={`camera-svg tool-${tool}`}
          viewBox={`${view.vb.x} ${view.vb.y} ${view.vb.w} ${view.vb.h}`}
          preserveAspectRatio="xMidYMid meet"
          data-testid="camera-svg"
          data-viewbox={`${view.vb.x.toFixed(1)} ${view.vb.y.toFixed(1)} ${view.vb.w.toFixed(1)} ${view.vb.h.toFixed(1)}`}
          data-scale={view.scale.toFixed(4)}
          data-image-current={frame.url !== null && frame.url === frame.wantedUrl ? 'true' : 'false'}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onContextMenu={(e) => e.preventDefault()}
          onPointerLeave={() => store.getState().setHover(null)}
          onDoubleClick={polygonTool.finish}
        >
          <rect x={0} y={0} width={W} height={H} fill="#05070a" />
          {camera.kind === 'video' ? (
            <VideoLayer video={video} W={W} H={H} scale={view.scale} />
          ) : frame.url ? (
            <image href={frame.url} x={0} y={0} width={W} height={H} data-testid="camera-image" />
          ) : frame.wantedUrl ? null : (
            <ScreenText x={W / 2} y={H / 2} scale={view.scale} size={14} fill="#889" textAnchor="middle">
              image not available — open its folder again
            </ScreenText>
          )}
          <IgnoreRegions regions={frame.ignore} />
          {ov.lidar && linkHere ? <LidarOverlay link={linkHere} /> : null}
          {ov.wireframes && linkHere ? <Wireframes projected={projected} link={linkHere} /> : null}
          {ov.projected ? <ProjectedBoxes projected={projected} disagreeing={frame.disagreeingProjected} /> : null}
          {ov.boxes ? <LabelledBoxes boxes={boxes} deviations={frame.deviations} showLabels={ov.labels} handleR={handleR} scale={view.scale} /> : null}
          <HoverMarker link={linkHere} r={handleR} />
          {ov.boxes ? <Polygons polygons={polygons} /> : null}
          {polygonTool.points ? <PolygonDraft points={polygonTool.points} cursor={polygonTool.cursor} handleR={handleR} /> : null}
          {boxTool.draft ? <BoxDraft rect={boxTool.draft} /> : null}
        </svg>
        {camera.kind === 'video' && video.error ? <VideoError message={video.error} /> : null}
        <OverlayLegend shown={ov} onToggle={toggleOverlay} />
        {linked.choice ? <LinkChoice scene={scene} choice={linked.choice} onResolve={linked.resolve} onCancel={linked.cancel} /> : null}
      </div>
    </div>
  );
}
