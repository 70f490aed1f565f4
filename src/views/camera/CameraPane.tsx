/**
 * Camera view: the image of the current sample of the active camera with its 2D labels, drawn as
 * SVG in image pixel coordinates (viewBox = the visible part of the image), so overlays stay
 * exact at any zoom. Tools: select (move a box by its body, resize by its corners, Delete removes)
 * and box (drag a rectangle: it links to the object whose projected cuboid overlaps best, or
 * creates a new object of the chosen class). Every drag is one undo step.
 */
import { useMemo, useRef, useState } from 'react';
import { decideLink, type LinkDecision, type Rect } from '../../core/annotate/linkBox';
import { addAnnotation, createObjectWithAnnotation, deleteAnnotation, updateAnnotation } from '../../core/commands/annotations';
import { newId } from '../../core/commands/ids';
import { getAnnotation, type Box2D, type Polygon } from '../../core/schema';
import { resolveMediaUrl } from '../../app/media';
import { useProjectedBoxes } from '../../app/projected';
import { useAnnotationsBySample, useClassColor, useCurrentSample, useScene, useSensors } from '../../app/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../app/storeContext';
import { clientToImage, useViewBox } from './useViewBox';
import { useCameraLink } from '../../app/crossView';
import { HoverMarker } from './HoverMarker';
import { useDecodedImage } from './useDecodedImage';
import { streamOfSensor } from '../../core/time';
import { LidarOverlay } from './LidarOverlay';
import { DISAGREE, OVERLAYS, useOverlays, useToggleOverlay } from './overlays';
import { cuboidCorners } from '../../core/geometry';
import { boxDeviation, cuboidWireframe, type BoxDeviation } from '../../core/projection';

type Gesture =
  | { kind: 'draw'; a: { x: number; y: number }; b: { x: number; y: number } }
  | { kind: 'move'; id: string; start: { x: number; y: number }; orig: Rect }
  | { kind: 'resize'; id: string; corner: [0 | 1, 0 | 1]; orig: Rect }
  | { kind: 'pan' };

const norm = (a: { x: number; y: number }, b: { x: number; y: number }): Rect => ({ x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) });

export function CameraPane() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const cameras = useSensors('camera');
  const activeId = useWorkbench((s) => s.session.activeCamera);
  const camera = cameras.find((c) => c.id === activeId) ?? cameras[0];
  const sample = useCurrentSample(camera?.id);
  const bySample = useAnnotationsBySample();
  const projectedBySample = useProjectedBoxes();
  const colorOf = useClassColor();
  const selectedObjectId = useWorkbench((s) => s.session.selectedObjectId);
  const selectedAnnotationId = useWorkbench((s) => s.session.selectedAnnotationId);
  const tool = useWorkbench((s) => s.session.tool);
  const [newClass, setNewClass] = useState('car');
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [choice, setChoice] = useState<{ make: (objectId: string | null) => void; decision: Extract<LinkDecision, { kind: 'ambiguous' }> } | null>(null);
  /** The polygon being drawn (image pixels), and where the pointer is for the rubber band. */
  const [poly, setPoly] = useState<{ x: number; y: number }[] | null>(null);
  const [polyCursor, setPolyCursor] = useState<{ x: number; y: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const intr = sample?.intrinsics ?? camera?.intrinsics;
  const W = intr?.width ?? 1;
  const H = intr?.height ?? 1;
  const { vb, fit, startPan, movePan, endPan } = useViewBox(W, H, svgRef);
  const space = useRef(false);
  const link = useCameraLink();
  const ov = useOverlays();
  const toggleOverlay = useToggleOverlay();

  const key = camera && sample ? `${camera.id}|${sample.id}` : '';
  const boxes = useMemo(() => (bySample.get(key) ?? []).filter((a): a is Box2D => a.kind === 'box2d'), [bySample, key]);
  const polygons = useMemo(() => (bySample.get(key) ?? []).filter((a): a is Polygon => a.kind === 'polygon'), [bySample, key]);
  const projected = useMemo(() => projectedBySample.get(key) ?? [], [projectedBySample, key]);
  const ignore = useMemo(() => (scene && camera && sample ? scene.ignoreRegions.filter((r) => r.sensor === camera.id && r.sample === sample.id) : []), [scene, camera, sample]);
  /** Labelled boxes whose object also has a projected cuboid box here: their deviation (IoU, px). */
  const deviations = useMemo(() => {
    const m = new Map<string, BoxDeviation & { projectedId: string }>();
    for (const b of boxes) {
      if (b.source === 'projected') continue;
      const p = projected.find((x) => x.object === b.object);
      if (p) m.set(b.id, { ...boxDeviation(b, p), projectedId: p.id });
    }
    return m;
  }, [boxes, projected]);
  const disagreeingProjected = useMemo(() => new Set([...deviations.values()].filter((d) => d.maxEdgePx > DISAGREE.maxEdgePx || d.iou < DISAGREE.minIoU).map((d) => d.projectedId)), [deviations]);
  const wireframes = useMemo(() => {
    if (!ov.wireframes || !scene || !link || link.camera.id !== camera?.id) return [];
    const out: { id: string; object: string; lines: number[][] }[] = [];
    for (const p of projected) {
      const c = p.fromCuboid ? getAnnotation(scene, p.fromCuboid) : undefined;
      if (!c || c.kind !== 'cuboid' || c.sensor !== link.lidar.id) continue;
      out.push({ id: p.id, object: p.object, lines: cuboidWireframe(cuboidCorners(c, link.camFromLidar), link.model) });
    }
    return out;
  }, [ov.wireframes, scene, link, camera?.id, projected]);

  const neighbours = useMemo(() => {
    if (!scene || !camera || !sample) return [];
    const st = streamOfSensor(scene, camera.id);
    const i = st ? st.samples.findIndex((x) => x.id === sample.id) : -1;
    return st && i >= 0 ? [st.samples[i - 1], st.samples[i + 1]].map((x) => resolveMediaUrl(x?.uri)) : [];
  }, [scene, camera, sample]);
  const url = useDecodedImage(resolveMediaUrl(sample?.uri), neighbours);
  const wantedUrl = resolveMediaUrl(sample?.uri);

  if (!camera || !sample) return <div className="pane-empty">No camera in this scene</div>;
  const cameraClasses = scene?.taxonomy.classes.filter((c) => !c.deprecated && c.modalities.includes('camera')) ?? [];
  const toImage = (e: { clientX: number; clientY: number }) => clientToImage(svgRef.current!, e.clientX, e.clientY);

  const createBox = (rect: Rect, objectId: string | null) => createLabel({ kind: 'box2d' as const, ...rect }, objectId);
  /** A new 2D label on this camera sample, on `objectId` or on a new object of the chosen class. */
  const createLabel = (shape: { kind: 'box2d'; x0: number; y0: number; x1: number; y1: number } | { kind: 'polygon'; points: { x: number; y: number }[]; closed: true }, objectId: string | null) => {
    const st = store.getState();
    const annotationId = newId(shape.kind === 'box2d' ? 'box' : 'poly');
    const base = { id: annotationId, sensor: camera.id, sample: sample.id, source: 'manual' as const, ...shape };
    if (objectId) {
      if (st.dispatch(addAnnotation, { annotation: { ...base, object: objectId } })) st.select(objectId, annotationId);
      return;
    }
    const n = Object.values(st.scene?.objects ?? {}).filter((o) => o.classId === newClass).length + 1;
    const className = st.scene?.taxonomy.classes.find((c) => c.id === newClass)?.name ?? newClass;
    const id = newId('obj');
    if (st.dispatch(createObjectWithAnnotation, { object: { id, classId: newClass, name: `${className} ${n}`, attributes: {} }, annotation: { ...base, object: id } })) st.select(id, annotationId);
  };

  const finishDraw = (rect: Rect) => {
    if (rect.x1 - rect.x0 < 3 || rect.y1 - rect.y0 < 3) return;
    const decision = decideLink(
      rect,
      projected.map((p) => ({ objectId: p.object, box: p })),
    );
    if (decision.kind === 'link') createBox(rect, decision.objectId);
    else if (decision.kind === 'new') createBox(rect, null);
    else setChoice({ make: (objectId) => createBox(rect, objectId), decision });
  };

  /** Close the polygon: it links like a box, through its bounding box. */
  const finishPolygon = (pts: { x: number; y: number }[]) => {
    const clean = pts.filter((p, i) => i === 0 || Math.hypot(p.x - pts[i - 1].x, p.y - pts[i - 1].y) > 1);
    setPoly(null);
    setPolyCursor(null);
    if (clean.length < 3) return;
    const rect = { x0: Math.min(...clean.map((p) => p.x)), y0: Math.min(...clean.map((p) => p.y)), x1: Math.max(...clean.map((p) => p.x)), y1: Math.max(...clean.map((p) => p.y)) };
    const shape = { kind: 'polygon' as const, points: clean, closed: true as const };
    const decision = decideLink(rect, projected.map((p) => ({ objectId: p.object, box: p })));
    if (decision.kind === 'link') createLabel(shape, decision.objectId);
    else if (decision.kind === 'new') createLabel(shape, null);
    else setChoice({ make: (objectId) => createLabel(shape, objectId), decision });
  };

  /** Editing an accepted projected box turns it into an override that keeps the projection alongside. */
  const toOverride = (b: Box2D) => {
    if (b.source === 'projected' && b.fromCuboid) store.getState().dispatch(updateAnnotation, { id: b.id, patch: { source: 'manual', projected: { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 } } });
  };

  const onPointerDown = (e: React.PointerEvent<SVGSVGElement>) => {
    if (e.button === 1 || e.button === 2 || space.current) {
      e.preventDefault();
      startPan(e);
      setGesture({ kind: 'pan' });
      return;
    }
    if (e.button !== 0) return;
    const target = e.target as Element;
    const handle = target.closest('[data-handle]');
    const boxEl = target.closest('[data-annotation]');
    svgRef.current?.setPointerCapture(e.pointerId);
    const p = toImage(e);
    if (handle && boxEl) {
      const b = boxes.find((x) => x.id === boxEl.getAttribute('data-annotation'));
      if (!b) return;
      const h = handle.getAttribute('data-handle')!;
      store.getState().beginGesture('Resize box');
      toOverride(b);
      setGesture({ kind: 'resize', id: b.id, corner: [h[0] === '1' ? 1 : 0, h[1] === '1' ? 1 : 0], orig: { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 } });
      return;
    }
    if (tool === 'polygon') {
      const first = poly?.[0];
      if (poly && poly.length >= 3 && first && Math.hypot(p.x - first.x, p.y - first.y) < 2.5 * handleR) finishPolygon(poly);
      else setPoly([...(poly ?? []), p]);
      return;
    }
    if (boxEl && tool !== 'box') {
      const pg = polygons.find((x) => x.id === boxEl.getAttribute('data-annotation'));
      if (pg) {
        store.getState().select(pg.object, pg.id);
        return;
      }
      const b = boxes.find((x) => x.id === boxEl.getAttribute('data-annotation'));
      if (!b) return;
      store.getState().select(b.object, b.id);
      store.getState().beginGesture('Move box');
      toOverride(b);
      setGesture({ kind: 'move', id: b.id, start: p, orig: { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 } });
      return;
    }
    if (tool === 'box') setGesture({ kind: 'draw', a: p, b: p });
    else store.getState().select(null);
  };
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    if (!gesture) {
      const p = toImage(e);
      if (poly) setPolyCursor(p);
      store.getState().setHover(p.x >= 0 && p.y >= 0 && p.x <= W && p.y <= H ? { kind: 'pixel', sensor: camera.id, sample: sample.id, u: p.x, v: p.y } : null);
      return;
    }
    if (gesture.kind === 'pan') return void movePan(e);
    const p = toImage(e);
    const st = store.getState();
    if (gesture.kind === 'draw') setGesture({ ...gesture, b: p });
    else if (gesture.kind === 'move') {
      const dx = p.x - gesture.start.x;
      const dy = p.y - gesture.start.y;
      const o = gesture.orig;
      st.dispatch(updateAnnotation, { id: gesture.id, patch: { x0: o.x0 + dx, y0: o.y0 + dy, x1: o.x1 + dx, y1: o.y1 + dy } });
    } else {
      const o = gesture.orig;
      const fixed = { x: gesture.corner[0] ? o.x0 : o.x1, y: gesture.corner[1] ? o.y0 : o.y1 };
      const r = norm(fixed, { x: Math.min(W, Math.max(0, p.x)), y: Math.min(H, Math.max(0, p.y)) });
      st.dispatch(updateAnnotation, { id: gesture.id, patch: r });
    }
  };
  const onPointerUp = () => {
    const g = gesture;
    setGesture(null);
    if (!g) return;
    if (g.kind === 'pan') return void endPan();
    if (g.kind === 'draw') return finishDraw(norm(g.a, g.b));
    store.getState().endGesture();
  };

  const selectedBox = boxes.find((b) => b.id === selectedAnnotationId);
  const handleR = Math.max(3, vb.w / 160);

  return (
    <div
      className="camera-pane"
      data-testid="camera-pane"
      data-sample={sample.id}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === ' ') space.current = true;
        if (poly) {
          if (e.key === 'Enter') finishPolygon(poly);
          else if (e.key === 'Escape') {
            setPoly(null);
            setPolyCursor(null);
          }
          else if (e.key === 'Backspace') setPoly(poly.length > 1 ? poly.slice(0, -1) : null);
          e.preventDefault();
          return;
        }
        const selectedLabel = selectedBox ?? polygons.find((x) => x.id === selectedAnnotationId);
        if ((e.key === 'Delete' || e.key === 'Backspace') && selectedLabel) {
          e.preventDefault();
          store.getState().dispatch(deleteAnnotation, { id: selectedLabel.id });
        }
        if (e.key === 'f' || e.key === 'F') fit();
        const o = !e.ctrlKey && !e.metaKey && !e.altKey ? OVERLAYS.find((x) => x.shortcut === e.key.toLowerCase()) : undefined;
        if (o) toggleOverlay(o.key);
      }}
      onKeyUp={(e) => {
        if (e.key === ' ') space.current = false;
      }}
    >
      <div className="pane-toolbar">
        <span className="pane-title">Camera</span>
        {cameras.length > 1 ? (
          <div className="tabs" role="tablist">
            {cameras.map((c) => (
              <button key={c.id} role="tab" aria-selected={c.id === camera.id} onClick={() => store.getState().setSession({ activeCamera: c.id })}>
                {c.name}
              </button>
            ))}
          </div>
        ) : (
          <span>{camera.name}</span>
        )}
        <span className="muted">{sample.frame ?? sample.id}</span>
        <span className="spacer" />
        <div className="tabs" role="group" aria-label="camera tool">
          <button aria-pressed={tool !== 'box'} onClick={() => store.getState().setSession({ tool: 'select' })}>
            Select
          </button>
          <button aria-pressed={tool === 'box'} onClick={() => store.getState().setSession({ tool: 'box' })} title="Drag a box on the image">
            Box
          </button>
          <button aria-pressed={tool === 'polygon'} onClick={() => store.getState().setSession({ tool: 'polygon' })} title="Click the vertices; click the first one, double-click or Enter to close; Esc cancels">
            Polygon
          </button>
        </div>
        <select aria-label="new box class" value={newClass} onChange={(e) => setNewClass(e.target.value)}>
          {cameraClasses.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button onClick={fit} title="Fit the image (F)">
          Fit
        </button>
        <span className="muted" data-testid="camera-zoom">
          {Math.round((W / vb.w) * 100)}%
        </span>
      </div>
      <div className="camera-stage">
        <svg
          ref={svgRef}
          className={`camera-svg tool-${tool}`}
          viewBox={`${vb.x} ${vb.y} ${vb.w} ${vb.h}`}
          preserveAspectRatio="xMidYMid meet"
          data-testid="camera-svg"
          data-viewbox={`${vb.x.toFixed(1)} ${vb.y.toFixed(1)} ${vb.w.toFixed(1)} ${vb.h.toFixed(1)}`}
          data-image-current={url !== null && url === wantedUrl ? 'true' : 'false'}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onContextMenu={(e) => e.preventDefault()}
          onPointerLeave={() => store.getState().setHover(null)}
          onDoubleClick={() => poly && finishPolygon(poly)}
        >
          <rect x={0} y={0} width={W} height={H} fill="#05070a" />
          {url ? <image href={url} x={0} y={0} width={W} height={H} data-testid="camera-image" /> : wantedUrl ? null : <text x={W / 2} y={H / 2} fill="#889" textAnchor="middle">image not available — open its folder again</text>}
          {ignore.map((r) => (
            <rect key={r.id} className="ignore-region" x={r.x0} y={r.y0} width={r.x1 - r.x0} height={r.y1 - r.y0} />
          ))}
          {ov.lidar && link && link.camera.id === camera.id ? <LidarOverlay link={link} /> : null}
          {wireframes.map((w) => (
            <g key={w.id} className="wireframe" data-testid="wireframe" data-object={w.object} stroke={colorOf(scene?.objects[w.object]?.classId ?? '')}>
              {w.lines.map((l, i) => (
                <polyline key={i} points={l.join(' ')} />
              ))}
            </g>
          ))}
          {ov.projected
            ? projected.map((p) => (
                <rect
                  key={p.id}
                  className={`projected-box${disagreeingProjected.has(p.id) ? ' disagree' : ''}`}
                  data-testid="projected-box"
                  data-object={p.object}
                  x={p.x0}
                  y={p.y0}
                  width={p.x1 - p.x0}
                  height={p.y1 - p.y0}
                  stroke={disagreeingProjected.has(p.id) ? undefined : colorOf(scene?.objects[p.object]?.classId ?? '')}
                />
              ))
            : null}
          {(ov.boxes ? boxes : []).map((b) => {
            const obj = scene?.objects[b.object];
            const color = colorOf(obj?.classId ?? '');
            const selected = b.object === selectedObjectId;
            const dev = deviations.get(b.id);
            const disagree = !!dev && (dev.maxEdgePx > DISAGREE.maxEdgePx || dev.iou < DISAGREE.minIoU);
            const className = scene?.taxonomy.classes.find((c) => c.id === obj?.classId)?.name ?? obj?.classId;
            return (
              <g key={b.id} className={`box2d${selected ? ' selected' : ''}${disagree ? ' disagree' : ''}`} data-object={b.object} data-annotation={b.id} data-testid="box2d">
                <rect x={b.x0} y={b.y0} width={b.x1 - b.x0} height={b.y1 - b.y0} stroke={selected ? '#fff' : disagree ? undefined : color} strokeWidth={selected ? 3 : 2} fill={selected ? `${color}33` : 'rgba(0,0,0,0.001)'} vectorEffect="non-scaling-stroke" />
                {ov.labels ? (
                  <text x={b.x0 + 2} y={Math.max(10, b.y0 - 3)} fill={color} fontSize={12} data-testid="box-label">
                    {obj?.name ?? b.object} · {className}
                  </text>
                ) : null}
                {disagree ? (
                  <text className="disagree-label" x={b.x0 + 2} y={b.y1 + 13} fontSize={12} data-testid="disagree-label">
                    Δ {dev!.maxEdgePx.toFixed(1)} px · IoU {dev!.iou.toFixed(2)}
                  </text>
                ) : null}
                {b.id === selectedAnnotationId
                  ? ([
                      [0, 0],
                      [1, 0],
                      [0, 1],
                      [1, 1],
                    ] as const).map(([i, j]) => <circle key={`${i}${j}`} data-handle={`${i}${j}`} className="box-handle" cx={i ? b.x1 : b.x0} cy={j ? b.y1 : b.y0} r={handleR} />)
                  : null}
              </g>
            );
          })}
          <HoverMarker link={link?.camera.id === camera.id ? link : null} r={handleR} />
          {(ov.boxes ? polygons : []).map((pg) => {
            const color = colorOf(scene?.objects[pg.object]?.classId ?? '');
            const selected = pg.object === selectedObjectId;
            return (
              <g key={pg.id} className={`polygon2d${selected ? ' selected' : ''}`} data-object={pg.object} data-annotation={pg.id} data-testid="polygon2d">
                <polygon points={pg.points.map((q) => `${q.x},${q.y}`).join(' ')} stroke={selected ? '#fff' : color} fill={`${color}${selected ? '44' : '22'}`} />
              </g>
            );
          })}
          {poly ? (
            <g className="poly-preview" data-testid="polygon-preview">
              <polyline points={[...poly, ...(polyCursor ? [polyCursor] : [])].map((q) => `${q.x},${q.y}`).join(' ')} />
              {poly.map((q, i) => (
                <circle key={i} cx={q.x} cy={q.y} r={handleR} />
              ))}
            </g>
          ) : null}
          {gesture?.kind === 'draw' ? <rect className="draw-preview" {...(({ x0, y0, x1, y1 }) => ({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }))(norm(gesture.a, gesture.b))} /> : null}
        </svg>
        <div className="overlay-legend" role="group" aria-label="overlays">
          {OVERLAYS.map((o) => (
            <button key={o.key} aria-pressed={ov[o.key]} className={`legend-${o.key}`} onClick={() => toggleOverlay(o.key)} title={`Toggle ${o.label} (${o.shortcut.toUpperCase()})`}>
              <span className="swatch" /> {o.label} <kbd>{o.shortcut.toUpperCase()}</kbd>
            </button>
          ))}
          <span className="legend-disagree">
            <span className="swatch" /> box ≠ projection (&gt; {DISAGREE.maxEdgePx} px or IoU &lt; {DISAGREE.minIoU})
          </span>
        </div>
        {choice ? (
          <div className="link-choice" role="dialog" aria-label="link box to object">
            <div>This box overlaps several objects equally. Link it to:</div>
            {choice.decision.candidates.map((c) => (
              <button
                key={c.objectId}
                onClick={() => {
                  choice.make(c.objectId);
                  setChoice(null);
                }}
              >
                {scene?.objects[c.objectId]?.name ?? c.objectId} (IoU {c.iou.toFixed(2)})
              </button>
            ))}
            <button
              onClick={() => {
                choice.make(null);
                setChoice(null);
              }}
            >
              a new object
            </button>
            <button onClick={() => setChoice(null)}>cancel</button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
