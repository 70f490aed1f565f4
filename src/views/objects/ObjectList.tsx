/**
 * Object list: every object of the scene with its class and where it is labelled (3D cuboid,
 * 2D box/polygon/mask, time segment, text span, or explicitly not visible).
 */
import { useMemo } from 'react';
import type { Annotation } from '../../core/schema';
import { useClassColor, useScene } from '../../hooks/sceneHooks';
import { selectObjectEverywhere } from '../../hooks/selection';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { allAnnotations } from '../../core/schema';

const badgeOf: Record<Annotation['kind'], string> = {
  cuboid: '3D',
  box2d: '2D',
  polygon: '2D',
  mask: '2D',
  timeSegment: 'AV',
  textSpan: 'TXT',
  notVisible: '∅',
};

export function ObjectList() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const selected = useWorkbench((s) => s.session.selectedObjectId);
  // hovering a row lights the object's mentions in the text (live.hover), and a hovered mention its row
  const hovered = useWorkbench((s) => (s.live.hover?.kind === 'object' ? s.live.hover.object : null));
  const hover = (object: string | null) => {
    const st = store.getState();
    if (object) st.setHover({ kind: 'object', object });
    else if (st.live.hover?.kind === 'object') st.setHover(null);
  };
  const colorOf = useClassColor();
  const rows = useMemo(() => {
    if (!scene) return [];
    const kinds = new Map<string, Set<string>>();
    const lidarIds = new Set(scene.sensors.filter((s) => s.kind === 'lidar').map((s) => s.id));
    const notVisibleInLidar = new Set<string>();
    for (const a of allAnnotations(scene)) {
      const set = kinds.get(a.object) ?? new Set<string>();
      set.add(badgeOf[a.kind]);
      kinds.set(a.object, set);
      if (a.kind === 'notVisible' && lidarIds.has(a.sensor)) notVisibleInLidar.add(a.object);
    }
    // labelled in a camera but neither labelled nor marked "not visible" in the LiDAR
    const missingInLidar = (id: string) => lidarIds.size > 0 && kinds.get(id)?.has('2D') && !kinds.get(id)?.has('3D') && !notVisibleInLidar.has(id);
    const className = new Map(scene.taxonomy.classes.map((c) => [c.id, c.name]));
    return Object.values(scene.objects)
      .map((o) => ({ o, className: className.get(o.classId) ?? `${o.classId} (unknown)`, badges: [...(kinds.get(o.id) ?? [])].sort(), missing: !!missingInLidar(o.id) }))
      .sort((a, b) => (a.o.name ?? a.o.id).localeCompare(b.o.name ?? b.o.id, 'en', { numeric: true }));
  }, [scene]);
  if (!scene) return null;
  return (
    <aside className="object-list" data-testid="object-list">
      <div className="pane-toolbar">
        <span className="pane-title">Objects</span>
        <span className="muted">{rows.length}</span>
      </div>
      <ul>
        {rows.map(({ o, className, badges, missing }) => (
          <li key={o.id}>
            <button
              className={`object-row${o.id === selected ? ' selected' : ''}${o.id === hovered ? ' hovered' : ''}`}
              aria-pressed={o.id === selected}
              data-object={o.id}
              onMouseEnter={() => hover(o.id)}
              onMouseLeave={() => hover(null)}
              onClick={() => selectObjectEverywhere(store, o.id === selected ? null : o.id)}
            >
              <span className="swatch" style={{ background: colorOf(o.classId) }} />
              <span className="object-name">{o.name ?? o.id}</span>
              <span className="object-class">{className}</span>
              <span className="badges">
                {missing ? (
                  <span className="badge warn" data-testid="missing-in-lidar" title="Labelled in a camera, but neither labelled nor marked not visible in the LiDAR">
                    missing in LiDAR
                  </span>
                ) : null}
                {badges.map((b) => (
                  <span key={b} className="badge">
                    {b}
                  </span>
                ))}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
