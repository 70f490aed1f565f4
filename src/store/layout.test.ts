import { describe, expect, it } from 'vitest';
import { createLayoutStore, DEFAULT_LAYOUT, LAYOUT_KEY, loadLayout, PRESETS, SPLIT_MAX, SPLIT_MIN } from './layout';
import type { KeyValueStorage } from './session';

function memory(initial: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('layout store', () => {
  it('starts from the defaults and persists splitter moves (clamped) for the next session', () => {
    const storage = memory();
    const a = createLayoutStore(storage);
    expect(a.getState()).toMatchObject(DEFAULT_LAYOUT);
    a.getState().setSplit('col', 0.3);
    a.getState().setSplit('row', 2);
    expect(a.getState()).toMatchObject({ col: 0.3, row: SPLIT_MAX, preset: null });
    const b = createLayoutStore(storage);
    expect(b.getState()).toMatchObject({ col: 0.3, row: SPLIT_MAX, preset: null, maximized: null });
    b.getState().setSplit('col', -1);
    expect(b.getState().col).toBe(SPLIT_MIN);
  });

  it('maximises the given or the active pane and toggles back', () => {
    const s = createLayoutStore(memory());
    s.getState().toggleMaximize('timeline');
    expect(s.getState().maximized).toBe('timeline');
    s.getState().toggleMaximize('timeline');
    expect(s.getState().maximized).toBeNull();
    s.getState().setActive('lidar');
    s.getState().toggleMaximize();
    expect(s.getState().maximized).toBe('lidar');
    s.getState().toggleMaximize('camera'); // another pane: switch, not restore
    expect(s.getState().maximized).toBe('camera');
    s.getState().restore();
    expect(s.getState().maximized).toBeNull();
  });

  it('applies a preset (restoring the grid) and keeps its name until a splitter moves', () => {
    const s = createLayoutStore(memory());
    s.getState().toggleMaximize('text');
    s.getState().applyPreset('camera-large');
    expect(s.getState()).toMatchObject({ col: PRESETS['camera-large'].col, row: PRESETS['camera-large'].row, preset: 'camera-large', maximized: null });
    s.getState().setSplit('col', PRESETS['camera-large'].col); // no change: still the preset
    expect(s.getState().preset).toBe('camera-large');
    s.getState().setSplit('col', 0.5);
    expect(s.getState().preset).toBeNull();
  });

  it('ignores a stored layout that fails the schema, and works without storage', () => {
    expect(loadLayout(memory({ [LAYOUT_KEY]: '{"col":7,"row":0.5,"maximized":null,"preset":null}' }))).toEqual(DEFAULT_LAYOUT);
    expect(loadLayout(memory({ [LAYOUT_KEY]: 'not json' }))).toEqual(DEFAULT_LAYOUT);
    expect(loadLayout(memory({ [LAYOUT_KEY]: '{"col":0.4,"row":0.5,"maximized":"sideways","preset":null}' }))).toEqual(DEFAULT_LAYOUT);
    const s = createLayoutStore(null);
    s.getState().setSplit('col', 0.2);
    expect(s.getState().col).toBe(0.2);
  });
});
