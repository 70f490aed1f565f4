import { describe, expect, it, vi } from 'vitest';
import { makeTestScene } from '../core/commands/testScene';
import { createShortcutStore, SHORTCUTS_KEY } from '../store/shortcuts';
import { createWorkbenchStore } from '../store/workbench';
import { COMMANDS, scopesOverlap } from './catalog';
import { applyClassHotkey, hotkeyClasses } from './classHotkeys';
import { comboFromEvent, formatCombo, normalizeCombo, type KeyLike } from './combo';
import { CommandRegistry } from './registry';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}

describe('combos', () => {
  it('reads key presses as canonical combos', () => {
    expect(comboFromEvent(key('z', { ctrlKey: true }))).toBe('Ctrl+Z');
    expect(comboFromEvent(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('Ctrl+Shift+Z');
    expect(comboFromEvent(key('z', { metaKey: true }))).toBe('Ctrl+Z');
    expect(comboFromEvent(key('?', { shiftKey: true }))).toBe('?'); // the character already says Shift
    expect(comboFromEvent(key('ArrowUp', { shiftKey: true }))).toBe('Shift+ArrowUp');
    expect(comboFromEvent(key('å', { altKey: true, code: 'KeyA' }))).toBe('Alt+A'); // macOS Option
    expect(comboFromEvent(key(' '))).toBe('Space');
    expect(comboFromEvent(key('Shift', { shiftKey: true }))).toBeNull();
  });

  it('normalizes hand-written combos and formats them for people', () => {
    expect(normalizeCombo('shift+ctrl+z')).toBe('Ctrl+Shift+Z');
    expect(normalizeCombo('Shift+?')).toBe('?');
    expect(normalizeCombo('Ctrl++')).toBe('Ctrl++');
    expect(() => normalizeCombo('Hyper+X')).toThrow(/unknown modifier/);
    expect(formatCombo('Shift+ArrowUp')).toBe('Shift+↑');
    expect(formatCombo('Escape')).toBe('Esc');
  });
});

describe('catalog', () => {
  it('has unique ids and canonical, conflict-free defaults', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) for (const k of c.keys) expect(normalizeCombo(k), c.id).toBe(k);
    for (const a of COMMANDS)
      for (const b of COMMANDS) {
        if (a.id >= b.id || !scopesOverlap(a.scope, b.scope)) continue;
        const shared = a.keys.filter((k) => b.keys.includes(k));
        expect(shared, `${a.id} and ${b.id}`).toEqual([]);
      }
  });

  // the camera overlays ↔ catalog check is src/views/camera/overlays.test.ts (keyboard must not import views)
});

describe('registry', () => {
  const make = (storage = memoryStorage()) => ({ reg: new CommandRegistry(createShortcutStore(storage)), storage });

  it('runs the command a key is bound to, pane commands only from their pane', () => {
    const { reg } = make();
    const undo = vi.fn();
    const boxes = vi.fn();
    reg.register('global', 'edit.undo', { run: undo });
    reg.register('camera', 'camera.overlay.boxes', { run: boxes });
    expect(reg.dispatch(key('z', { ctrlKey: true }), 'global')).toBe(true);
    expect(undo).toHaveBeenCalledTimes(1);
    expect(reg.dispatch(key('b'), 'global')).toBe(false);
    expect(reg.dispatch(key('b'), 'lidar')).toBe(false);
    expect(reg.dispatch(key('b'), 'camera')).toBe(true);
    expect(boxes).toHaveBeenCalledTimes(1);
    // a global command without this pane's handler is left to the window's listener (not run twice)
    expect(reg.dispatch(key('z', { ctrlKey: true }), 'camera')).toBe(false);
    expect(undo).toHaveBeenCalledTimes(1);
  });

  it('a pane’s own handler of a global command wins inside the pane; a disabled one falls through', () => {
    const { reg } = make();
    const globalDelete = vi.fn();
    const lidarDelete = vi.fn();
    let cuboid = true;
    reg.register('global', 'edit.delete', { run: globalDelete });
    reg.register('lidar', 'edit.delete', { run: lidarDelete, enabled: () => cuboid });
    expect(reg.dispatch(key('Delete'), 'lidar')).toBe(true);
    expect(lidarDelete).toHaveBeenCalledTimes(1);
    cuboid = false;
    expect(reg.dispatch(key('Delete'), 'lidar')).toBe(false);
    expect(reg.dispatch(key('Delete'), 'global')).toBe(true);
    expect(globalDelete).toHaveBeenCalledTimes(1);
    expect(lidarDelete).toHaveBeenCalledTimes(1);
  });

  it('rebinds, refuses conflicts with a message, persists, and resets', () => {
    const { reg, storage } = make();
    const next = vi.fn();
    reg.register('global', 'nav.nextFrame', { run: next });
    // V is the select tool's key everywhere
    const clash = reg.bind('nav.nextFrame', 'V', '.');
    expect(clash).toEqual({ ok: false, message: expect.stringContaining('Tool: select') });
    // B toggles the camera's boxes, reachable from the camera pane: refused too
    expect(reg.bind('nav.nextFrame', 'B', '.').ok).toBe(false);
    // but the camera and LiDAR panes may share a key
    expect(reg.bind('lidar.fit', 'Shift+F').ok).toBe(true);
    expect(reg.bind('camera.fit', 'Shift+F').ok).toBe(true);

    expect(reg.bind('nav.nextFrame', 'n', '.')).toEqual({ ok: true });
    expect(reg.keysOf('nav.nextFrame')).toEqual(['N']);
    expect(reg.dispatch(key('.'), 'global')).toBe(false);
    expect(reg.dispatch(key('n'), 'global')).toBe(true);
    expect(next).toHaveBeenCalledTimes(1);

    // a new registry over the same storage (a reload) has the binding
    const again = new CommandRegistry(createShortcutStore(storage));
    expect(again.keysOf('nav.nextFrame')).toEqual(['N']);
    expect(JSON.parse(storage.map.get(SHORTCUTS_KEY)!).bindings['nav.nextFrame']).toEqual(['N']);

    reg.resetAll();
    expect(reg.keysOf('nav.nextFrame')).toEqual(['.']);
    expect(new CommandRegistry(createShortcutStore(storage)).keysOf('nav.nextFrame')).toEqual(['.']);
  });

  it('ignores stored bindings that fail the schema', () => {
    const storage = memoryStorage();
    storage.setItem(SHORTCUTS_KEY, JSON.stringify({ version: 1, bindings: { 'edit.undo': 'Ctrl+U' } }));
    expect(new CommandRegistry(createShortcutStore(storage)).keysOf('edit.undo')).toEqual(['Ctrl+Z']);
    storage.setItem(SHORTCUTS_KEY, '{not json');
    expect(new CommandRegistry(createShortcutStore(storage)).keysOf('edit.undo')).toEqual(['Ctrl+Z']);
  });
});

describe('class hotkeys', () => {
  const fresh = () => {
    const store = createWorkbenchStore({ storage: null });
    store.getState().loadScene(makeTestScene(), 'test');
    return store;
  };

  it('number n is the n-th usable class of the pane’s modality', () => {
    const scene = makeTestScene();
    const cam = hotkeyClasses(scene, 'camera');
    expect(cam.length).toBeGreaterThan(1);
    expect(cam.every((c) => c.modalities.includes('camera') && !c.deprecated)).toBe(true);
    expect(hotkeyClasses(scene, 'lidar').every((c) => c.modalities.includes('lidar'))).toBe(true);
    // a class that is not for cameras gets no camera number
    const notCamera = scene.taxonomy.classes.find((c) => !c.modalities.includes('camera'));
    if (notCamera) expect(cam.map((c) => c.id)).not.toContain(notCamera.id);
  });

  it('changes the selected object’s class as one undoable step', () => {
    const store = fresh();
    const target = hotkeyClasses(store.getState().scene, 'camera').find((c) => c.id !== 'car')!;
    const n = hotkeyClasses(store.getState().scene, 'camera').indexOf(target) + 1;
    store.getState().select('o1');
    const pick = vi.fn();
    expect(applyClassHotkey(store, 'camera', n, pick)).toBe(true);
    expect(store.getState().scene!.objects.o1.classId).toBe(target.id);
    expect(store.getState().history.undo).toEqual(['Change class']);
    expect(pick).not.toHaveBeenCalled();
    store.getState().undo();
    expect(store.getState().scene!.objects.o1.classId).toBe('car');
  });

  it('with nothing selected picks the class of the next label; a number without a class does nothing', () => {
    const store = fresh();
    const pick = vi.fn();
    expect(applyClassHotkey(store, 'lidar', 2, pick)).toBe(true);
    expect(pick).toHaveBeenCalledWith(hotkeyClasses(store.getState().scene, 'lidar')[1].id);
    expect(store.getState().history.undo).toEqual([]);
    const count = hotkeyClasses(store.getState().scene, 'lidar').length;
    if (count < 9) expect(applyClassHotkey(store, 'lidar', count + 1, pick)).toBe(false);
  });
});
