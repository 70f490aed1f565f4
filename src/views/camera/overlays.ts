/** The camera overlays a reviewer toggles: key, label, keyboard shortcut, default. Stored in session.overlays. */
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';

export const OVERLAYS = [
  { key: 'boxes', label: 'labelled boxes', shortcut: 'b', default: true },
  { key: 'projected', label: 'projected cuboid boxes', shortcut: 'p', default: true },
  { key: 'wireframes', label: 'cuboid wireframes', shortcut: 'w', default: false },
  { key: 'lidar', label: 'LiDAR points by depth', shortcut: 'l', default: false },
  { key: 'labels', label: 'ids and classes', shortcut: 'i', default: true },
] as const;
export type OverlayKey = (typeof OVERLAYS)[number]['key'];

export function useOverlays(): Record<OverlayKey, boolean> {
  const stored = useWorkbench((s) => s.session.overlays);
  return Object.fromEntries(OVERLAYS.map((o) => [o.key, stored[`camera.${o.key}`] ?? o.default])) as Record<OverlayKey, boolean>;
}

export function useToggleOverlay(): (key: OverlayKey) => void {
  const store = useWorkbenchStore();
  return (key) => {
    const st = store.getState();
    const def = OVERLAYS.find((o) => o.key === key)!.default;
    const cur = st.session.overlays[`camera.${key}`] ?? def;
    st.setSession({ overlays: { ...st.session.overlays, [`camera.${key}`]: !cur } });
  };
}

/** Tolerances above which a labelled box and its projected cuboid box are drawn as disagreeing (same as QA's warning level). */
export const DISAGREE = { maxEdgePx: 5, minIoU: 0.5 };

/** Whether a labelled box's deviation from its projected cuboid box is beyond DISAGREE. */
export const disagrees = (d: { maxEdgePx: number; iou: number } | undefined): boolean => !!d && (d.maxEdgePx > DISAGREE.maxEdgePx || d.iou < DISAGREE.minIoU);
