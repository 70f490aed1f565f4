/**
 * Three orthographic sub-views of the selected cuboid — top (length × width), side (length ×
 * height) and front (width × height) — showing only the points near it, in its own frame. Each of
 * the cuboid's faces can be dragged by its edge in these views for a precise fit; a drag is one
 * undo step. Drawn as SVG in metres (no extra WebGL context).
 */
import { useMemo, useRef, useState } from 'react';
import { moveFace, nearbyPointsLocal, type Axis } from '../../core/annotate/cuboidFrame';
import { toCloudFrame } from '../../core/formats/pointcloud';
import type { LidarSweep } from './sweep';
import type { Cuboid } from '../../core/schema';
import { yawOf } from '../../core/math/quaternion';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { updateCuboid } from './updateCuboid';

const MARGIN_M = 1;

interface ViewDef {
  name: 'top' | 'side' | 'front';
  /** Screen x and y axes: which local axis, and sign (screen y grows downward). */
  x: { axis: Axis; sign: 1 | -1 };
  y: { axis: Axis; sign: 1 | -1 };
}
const VIEWS: ViewDef[] = [
  { name: 'top', x: { axis: 'u', sign: 1 }, y: { axis: 'v', sign: -1 } },
  { name: 'side', x: { axis: 'u', sign: 1 }, y: { axis: 'w', sign: -1 } },
  { name: 'front', x: { axis: 'v', sign: 1 }, y: { axis: 'w', sign: -1 } },
];
const AXIS_INDEX: Record<Axis, number> = { u: 0, v: 1, w: 2 };

function halfOf(c: Cuboid, a: Axis): number {
  return a === 'u' ? c.size.l / 2 : a === 'v' ? c.size.w / 2 : c.size.h / 2;
}

/** The current cuboid's centre offset in the view frame's local axes (a face drag keeps the yaw). */
function offsetIn(frame: Cuboid, c: Cuboid): Record<Axis, number> {
  const yaw = yawOf(frame.rotation);
  const dx = c.center.x - frame.center.x;
  const dy = c.center.y - frame.center.y;
  return { u: Math.cos(yaw) * dx + Math.sin(yaw) * dy, v: -Math.sin(yaw) * dx + Math.cos(yaw) * dy, w: c.center.z - frame.center.z };
}

/**
 * One view. `frame` is the cuboid whose local axes the view is drawn in: the current cuboid, or
 * during a drag the cuboid as it was when the drag began, so the pointer→metres mapping stays put.
 */
function SubView({ def, cuboid, frame, local, onDrag }: { def: ViewDef; cuboid: Cuboid; frame: Cuboid; local: Float32Array; onDrag: (start: Cuboid | null) => void }) {
  const store = useWorkbenchStore();
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ axis: Axis; side: 1 | -1; start: Cuboid; sign: 1 | -1; screen: 'x' | 'y' } | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const hx = halfOf(cuboid, def.x.axis);
  const hy = halfOf(cuboid, def.y.axis);
  const ext = Math.max(halfOf(frame, def.x.axis), halfOf(frame, def.y.axis)) + MARGIN_M;
  const off = offsetIn(frame, cuboid);
  const ox = def.x.sign * off[def.x.axis];
  const oy = def.y.sign * off[def.y.axis];
  const ix = AXIS_INDEX[def.x.axis];
  const iy = AXIS_INDEX[def.y.axis];
  const dots = useMemo(() => {
    const out: string[] = [];
    for (let i = 0; i < local.length; i += 3) out.push(`M${(def.x.sign * local[i + ix]).toFixed(3)} ${(def.y.sign * local[i + iy]).toFixed(3)}h0`);
    return out.join('');
  }, [local, def, ix, iy]);

  const toView = (e: React.PointerEvent) => {
    const m = svgRef.current!.getScreenCTM()!.inverse();
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m);
    return { x: p.x, y: p.y };
  };
  // an edge = the face of one local axis at one side; its screen line runs along the other axis
  const edges: { id: string; axis: Axis; side: 1 | -1; screen: 'x' | 'y'; sign: 1 | -1; x1: number; y1: number; x2: number; y2: number }[] = [];
  for (const side of [1, -1] as const) {
    const X = ox + def.x.sign * side * hx;
    edges.push({ id: `${def.x.axis}${side > 0 ? '+' : '-'}`, axis: def.x.axis, side, screen: 'x', sign: def.x.sign, x1: X, y1: oy - hy, x2: X, y2: oy + hy });
    const Y = oy + def.y.sign * side * hy;
    edges.push({ id: `${def.y.axis}${side > 0 ? '+' : '-'}`, axis: def.y.axis, side, screen: 'y', sign: def.y.sign, x1: ox - hx, y1: Y, x2: ox + hx, y2: Y });
  }
  return (
    <div className="subview">
      <div className="subview-title">{def.name}</div>
      <svg
        ref={svgRef}
        viewBox={`${-ext} ${-ext} ${2 * ext} ${2 * ext}`}
        preserveAspectRatio="xMidYMid meet"
        data-testid={`subview-${def.name}`}
        data-points={local.length / 3}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const p = toView(e);
          const coord = d.sign * (d.screen === 'x' ? p.x : p.y);
          const r = moveFace(d.start, d.axis, d.side, coord);
          updateCuboid(store, d.start.id, { center: r.center, size: r.size });
        }}
        onPointerUp={() => {
          if (!drag.current) return;
          drag.current = null;
          setActive(null);
          onDrag(null);
          store.getState().endGesture();
        }}
      >
        <path d={dots} className="subview-points" />
        <rect x={ox - hx} y={oy - hy} width={2 * hx} height={2 * hy} className="subview-box" />
        {edges.map((ed) => (
          <g
            key={ed.id}
            className={`subview-edge${active === ed.id ? ' active' : ''}`}
            data-edge={ed.id}
            onPointerDown={(e) => {
              e.stopPropagation();
              svgRef.current!.setPointerCapture(e.pointerId);
              drag.current = { axis: ed.axis, side: ed.side, start: cuboid, sign: ed.sign, screen: ed.screen };
              setActive(ed.id);
              onDrag(cuboid);
              store.getState().beginGesture(`Fit cuboid ${ed.id}`);
            }}
          >
            <line x1={ed.x1} y1={ed.y1} x2={ed.x2} y2={ed.y2} className="subview-hit" />
            <line x1={ed.x1} y1={ed.y1} x2={ed.x2} y2={ed.y2} className="subview-line" />
          </g>
        ))}
      </svg>
    </div>
  );
}

/** The finite u v w triplets only (nearbyPointsLocal's range tests let NaN points through: NaN fails every comparison). */
function finiteTriplets(a: Float32Array): Float32Array {
  let bad = 0;
  for (let i = 0; i < a.length; i += 3) if (!(Number.isFinite(a[i]) && Number.isFinite(a[i + 1]) && Number.isFinite(a[i + 2]))) bad++;
  if (!bad) return a;
  const out = new Float32Array(a.length - 3 * bad);
  for (let i = 0, j = 0; i < a.length; i += 3)
    if (Number.isFinite(a[i]) && Number.isFinite(a[i + 1]) && Number.isFinite(a[i + 2])) {
      out[j++] = a[i];
      out[j++] = a[i + 1];
      out[j++] = a[i + 2];
    }
  return out;
}

export function CuboidSubViews({ cuboid, sweep }: { cuboid: Cuboid; sweep: LidarSweep | null }) {
  const [frozen, setFrozen] = useState<Cuboid | null>(null);
  const frame = frozen && frozen.id === cuboid.id ? frozen : cuboid;
  // the cuboid moved into the cloud's frame (positions are relative to its origin); the output is cuboid-local either way
  const local = useMemo(() => (sweep ? finiteTriplets(nearbyPointsLocal(sweep.positions, sweep.count, sweep.stride ?? 3, toCloudFrame(frame, sweep.origin), MARGIN_M)) : new Float32Array(0)), [sweep, frame]);
  return (
    <div className="subviews" data-testid="cuboid-subviews">
      {VIEWS.map((v) => (
        <SubView key={v.name} def={v} cuboid={cuboid} frame={frame} local={local} onDrag={setFrozen} />
      ))}
    </div>
  );
}
