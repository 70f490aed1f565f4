/**
 * Class hotkeys 1–9 per modality: in the camera pane the n-th usable class (taxonomy order, not
 * deprecated) whose modalities include `camera`, in the LiDAR pane those with `lidar`. With an
 * object selected the key changes its class (one undoable "Change class" command); with nothing
 * selected it picks the class the pane's drawing tool gives the next label.
 */
import { setObjectClass } from '../core/commands/objects';
import type { Scene } from '../core/schema';
import type { WorkbenchStore } from '../store';
import type { Handler } from './registry';

export type LabelModality = 'camera' | 'lidar';

export function hotkeyClasses(scene: Scene | null, modality: LabelModality): Scene['taxonomy']['classes'] {
  return scene?.taxonomy.classes.filter((c) => !c.deprecated && c.modalities.includes(modality)).slice(0, 9) ?? [];
}

/** What class key `n` (1-based) does now; false when there is no such class. */
export function applyClassHotkey(store: WorkbenchStore, modality: LabelModality, n: number, pickNext?: (classId: string) => void): boolean {
  const st = store.getState();
  const cls = hotkeyClasses(st.scene, modality)[n - 1];
  if (!cls || !st.scene) return false;
  const obj = st.session.selectedObjectId ? st.scene.objects[st.session.selectedObjectId] : undefined;
  if (obj) {
    if (obj.classId !== cls.id) st.dispatch(setObjectClass, { objectId: obj.id, classId: cls.id });
    return true;
  }
  pickNext?.(cls.id);
  return true;
}

/** Handlers for `${modality}.class.1` … `.9`, for usePaneCommands. */
export function classHotkeyHandlers(store: WorkbenchStore, modality: LabelModality, pickNext?: (classId: string) => void): Record<string, Handler> {
  const label = modality === 'camera' ? 'Camera' : 'LiDAR';
  const out: Record<string, Handler> = {};
  for (let n = 1; n <= 9; n++) {
    const cls = () => hotkeyClasses(store.getState().scene, modality)[n - 1];
    out[`${modality}.class.${n}`] = {
      run: () => void applyClassHotkey(store, modality, n, pickNext),
      enabled: () => !!cls(),
      title: () => {
        const c = cls();
        if (!c) return null;
        return store.getState().session.selectedObjectId ? `${label} class ${n}: set the selected object to ${c.name}` : `${label} class ${n}: draw the next label as ${c.name}`;
      },
    };
  }
  return out;
}
