/**
 * The pane layout: where the 2x2 grid is split, which pane (if any) is maximised, and the preset
 * last chosen. UI state with the session's lifetime rules: persisted locally (localStorage under
 * LAYOUT_KEY, validated by the zod schema; a stored value that fails it gives the defaults), never
 * undoable, not part of the document.
 *
 * Split fractions are of the grid's width / height (0.15–0.85 so no pane collapses). The grid is
 * camera | lidar on top, timeline | text below; `col` is the left column's share, `row` the top
 * row's. Layout changes are what resize the WebGL canvas, so nothing else (banners, busy
 * indicators) may change the panes' size.
 *
 * For key bindings (the keyboard registry): `toggleMaximize()` maximises the active pane (the one
 * last clicked or focused) or restores the grid; `applyPreset(name)` picks a preset.
 */
import { z } from 'zod';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { defaultStorage, type KeyValueStorage } from './session';

export const PANE_IDS = ['camera', 'lidar', 'timeline', 'text'] as const;
export const PaneId = z.enum(PANE_IDS);
export type PaneId = z.infer<typeof PaneId>;

export const PRESET_NAMES = ['quad', 'camera-large', 'lidar-large', 'time-large'] as const;
export const PresetName = z.enum(PRESET_NAMES);
export type PresetName = z.infer<typeof PresetName>;

export const SPLIT_MIN = 0.15;
export const SPLIT_MAX = 0.85;
const Split = z.number().min(SPLIT_MIN).max(SPLIT_MAX);

export const Layout = z.object({
  /** Left column's share of the grid width (camera and timeline). */
  col: Split,
  /** Top row's share of the grid height (camera and LiDAR). */
  row: Split,
  /** The pane shown alone over the whole grid, or null for the 2x2 grid. */
  maximized: PaneId.nullable(),
  /** The preset last applied; null once a splitter was dragged away from it. */
  preset: PresetName.nullable(),
});
export type Layout = z.infer<typeof Layout>;

/** Split positions of each preset; the large pane gets ~3/4 of both axes. */
export const PRESETS: Record<PresetName, { col: number; row: number; label: string }> = {
  quad: { col: 0.5, row: 0.64, label: 'Four panes' },
  'camera-large': { col: 0.78, row: 0.8, label: 'Camera large' },
  'lidar-large': { col: 0.22, row: 0.8, label: 'LiDAR large' },
  'time-large': { col: 0.72, row: 0.3, label: 'Timeline large' },
};

export const DEFAULT_LAYOUT: Layout = { col: PRESETS.quad.col, row: PRESETS.quad.row, maximized: null, preset: 'quad' };

export const LAYOUT_KEY = 'crosslabel.layout';

export const clampSplit = (v: number): number => Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, v));

export function loadLayout(storage: KeyValueStorage | null): Layout {
  if (!storage) return { ...DEFAULT_LAYOUT };
  try {
    const raw = storage.getItem(LAYOUT_KEY);
    if (!raw) return { ...DEFAULT_LAYOUT };
    const r = Layout.safeParse(JSON.parse(raw));
    return r.success ? r.data : { ...DEFAULT_LAYOUT };
  } catch {
    return { ...DEFAULT_LAYOUT };
  }
}

export function saveLayout(storage: KeyValueStorage | null, layout: Layout): void {
  if (!storage) return;
  try {
    storage.setItem(LAYOUT_KEY, JSON.stringify(Layout.parse(layout)));
  } catch {
    // quota or disabled storage: the layout is a convenience
  }
}

export interface LayoutState extends Layout {
  /** The pane last clicked or focused (ephemeral, not persisted): what toggleMaximize() acts on. */
  active: PaneId;
  /** Move a splitter (clamped); leaves the preset. */
  setSplit(axis: 'col' | 'row', value: number): void;
  applyPreset(name: PresetName): void;
  /** Maximise `pane` (default: the active pane), or restore the grid if that pane is maximised. */
  toggleMaximize(pane?: PaneId): void;
  /** Back to the grid (no-op when nothing is maximised). */
  restore(): void;
  setActive(pane: PaneId): void;
}
export type LayoutStore = StoreApi<LayoutState>;

const persisted = (s: LayoutState): Layout => ({ col: s.col, row: s.row, maximized: s.maximized, preset: s.preset });

export function createLayoutStore(storage: KeyValueStorage | null = defaultStorage()): LayoutStore {
  const store = createStore<LayoutState>()((set, get) => ({
    ...loadLayout(storage),
    active: 'camera',
    setSplit: (axis, value) => {
      const v = clampSplit(value);
      if (get()[axis] !== v) set({ [axis]: v, preset: null } as Partial<LayoutState>);
    },
    applyPreset: (name) => set({ col: PRESETS[name].col, row: PRESETS[name].row, preset: name, maximized: null }),
    toggleMaximize: (pane) => {
      const target = pane ?? get().active;
      set({ maximized: get().maximized === target ? null : target, active: target });
    },
    restore: () => {
      if (get().maximized) set({ maximized: null });
    },
    setActive: (pane) => {
      if (get().active !== pane) set({ active: pane });
    },
  }));
  store.subscribe((s, prev) => {
    if (s.col !== prev.col || s.row !== prev.row || s.maximized !== prev.maximized || s.preset !== prev.preset) saveLayout(storage, persisted(s));
  });
  return store;
}

let shared: LayoutStore | null = null;
/** The app's one layout store (created on first use, backed by localStorage). */
export function layoutStore(): LayoutStore {
  return (shared ??= createLayoutStore());
}
