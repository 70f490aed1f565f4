/**
 * Four panes in a 2x2 grid (camera | LiDAR over timeline | text) whose column and row splits are
 * dragged with the dividers (or nudged with the arrow keys when a divider has focus) and remembered
 * across reloads (src/store/layout.ts). Any pane can be maximised over the whole grid and back:
 * double-click its title (or the empty part of its toolbar), or the keyboard registry's
 * `layout.maximize` (Shift+M by default) for the active pane (the one last clicked or focused). Presets (four panes, camera / LiDAR / timeline large) are
 * chosen in the top bar with <LayoutControls>.
 *
 * Panes are never unmounted by a layout change (a maximised layout hides the others with
 * display:none), so the camera's zoom and the LiDAR view's GPU buffers survive it.
 */
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { layoutStore, PANE_IDS, PRESET_NAMES, PRESETS, type LayoutState, type PaneId, type PresetName } from '../store/layout';

const PANE_AREA: Record<PaneId, string> = { camera: '1 / 1', lidar: '1 / 3', timeline: '3 / 1', text: '3 / 3' };
const PANE_LABEL: Record<PaneId, string> = { camera: 'camera', lidar: 'LiDAR', timeline: 'timeline', text: 'text' };

export function useLayout<T>(selector: (s: LayoutState) => T): T {
  return useStore(layoutStore(), selector);
}

export function QuadLayout({ panes }: { panes: [ReactNode, ReactNode, ReactNode, ReactNode] }) {
  const store = layoutStore();
  const col = useLayout((s) => s.col);
  const row = useLayout((s) => s.row);
  const maximized = useLayout((s) => s.maximized);

  const drag = (axis: 'col' | 'row') => (e: React.PointerEvent<HTMLDivElement>) => {
    const grid = e.currentTarget.parentElement;
    if (!grid) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const r = grid.getBoundingClientRect();
    const move = (ev: PointerEvent) => store.getState().setSplit(axis, axis === 'col' ? (ev.clientX - r.left) / r.width : (ev.clientY - r.top) / r.height);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  };
  const key = (axis: 'col' | 'row') => (e: React.KeyboardEvent) => {
    const d = e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -0.02 : e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 0.02 : 0;
    if (!d) return;
    e.preventDefault();
    store.getState().setSplit(axis, store.getState()[axis] + d);
  };
  // double-click on a pane's title, or on its toolbar's empty background (not on its buttons)
  const onDoubleClick = (id: PaneId) => (e: React.MouseEvent) => {
    const t = e.target as HTMLElement;
    if (t.closest('.pane-title') || t.classList.contains('pane-toolbar')) {
      e.preventDefault();
      window.getSelection()?.removeAllRanges();
      store.getState().toggleMaximize(id);
    }
  };

  const style = maximized
    ? { gridTemplateColumns: '1fr', gridTemplateRows: '1fr' }
    : { gridTemplateColumns: `${col}fr 6px ${1 - col}fr`, gridTemplateRows: `${row}fr 6px ${1 - row}fr` };
  return (
    <div className="quad" data-testid="quad" data-maximized={maximized ?? ''} style={style}>
      {PANE_IDS.map((id, i) => (
        <div
          key={id}
          className={`pane${maximized === id ? ' maximized' : maximized ? ' hidden' : ''}`}
          data-pane={id}
          style={{ gridArea: maximized === id ? '1 / 1' : PANE_AREA[id] }}
          onPointerDownCapture={() => store.getState().setActive(id)}
          onFocusCapture={() => store.getState().setActive(id)}
          onDoubleClick={onDoubleClick(id)}
        >
          {panes[i]}
        </div>
      ))}
      {maximized ? null : (
        <>
          <div className="divider divider-x" style={{ gridArea: '1 / 2 / 4 / 3' }} role="separator" aria-orientation="vertical" aria-label="resize columns" aria-valuenow={Math.round(col * 100)} tabIndex={0} onPointerDown={drag('col')} onKeyDown={key('col')} />
          <div className="divider divider-y" style={{ gridArea: '2 / 1 / 3 / 4' }} role="separator" aria-orientation="horizontal" aria-label="resize rows" aria-valuenow={Math.round(row * 100)} tabIndex={0} onPointerDown={drag('row')} onKeyDown={key('row')} />
        </>
      )}
    </div>
  );
}

/** Top-bar controls: the layout preset, and "Restore panes" while a pane is maximised. */
export function LayoutControls() {
  const store = layoutStore();
  const preset = useLayout((s) => s.preset);
  const maximized = useLayout((s) => s.maximized);
  return (
    <>
      <select
        aria-label="layout"
        data-testid="layout-preset"
        title="Pane layout. Double-click a pane's title (or press Shift+M) to maximise it and back."
        value={maximized ? `max:${maximized}` : (preset ?? '')}
        onChange={(e) => {
          const v = e.target.value;
          if (v.startsWith('max:')) store.getState().toggleMaximize(v.slice(4) as PaneId);
          else if ((PRESET_NAMES as readonly string[]).includes(v)) store.getState().applyPreset(v as PresetName);
        }}
      >
        {preset || maximized ? null : <option value="">Custom layout</option>}
        {PRESET_NAMES.map((p) => (
          <option key={p} value={p}>
            {PRESETS[p].label}
          </option>
        ))}
        {maximized ? <option value={`max:${maximized}`}>Maximised: {PANE_LABEL[maximized]}</option> : null}
      </select>
      {maximized ? (
        <button data-testid="layout-restore" onClick={() => store.getState().restore()} title="Back to the pane grid (Shift+M, or double-click the title)">
          Restore panes
        </button>
      ) : null}
    </>
  );
}
