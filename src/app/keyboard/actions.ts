/** What the app shell's commands do to the store: step frames, step objects, delete the selection. */
import { deleteAnnotation } from '../../core/commands/annotations';
import { hasAnnotation } from '../../core/schema';
import { allSampleTimes } from '../../core/time';
import type { WorkbenchStore } from '../../store';
import { selectObjectEverywhere } from '../../hooks/selection';

/** Move the playhead to the next / previous sample time of any stream. */
export function stepFrame(store: WorkbenchStore, dir: 1 | -1): void {
  const st = store.getState();
  if (!st.scene) return;
  const times = allSampleTimes(st.scene);
  const t = st.live.playhead;
  const next = dir > 0 ? times.find((s) => s > t + 1e-9) : [...times].reverse().find((s) => s < t - 1e-9);
  if (next !== undefined) st.setPlayhead(next);
}

/** Select the next / previous object in the object list's order (by name, numbers numerically), wrapping. */
export function stepObject(store: WorkbenchStore, dir: 1 | -1): void {
  const st = store.getState();
  if (!st.scene) return;
  const objs = Object.values(st.scene.objects).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'en', { numeric: true }));
  if (!objs.length) return;
  const i = objs.findIndex((o) => o.id === st.session.selectedObjectId);
  const j = i < 0 ? (dir > 0 ? 0 : objs.length - 1) : (i + dir + objs.length) % objs.length;
  selectObjectEverywhere(store, objs[j].id);
  // keep the list row in view
  document.querySelector(`[data-testid="object-list"] [data-object="${CSS.escape(objs[j].id)}"]`)?.scrollIntoView({ block: 'nearest' });
}

/** Delete the selected annotation (the label that was clicked); true when there was one. */
export function deleteSelected(store: WorkbenchStore): boolean {
  const st = store.getState();
  const id = st.session.selectedAnnotationId;
  if (!id || !st.scene || !hasAnnotation(st.scene, id)) return false;
  return st.dispatch(deleteAnnotation, { id });
}

/** Focus the first element matching `selector` (or the fallback), e.g. a pane or the selected list row. */
export function focusFirst(...selectors: string[]): boolean {
  for (const s of selectors) {
    const el = document.querySelector<HTMLElement>(s);
    if (el) {
      el.focus();
      return true;
    }
  }
  return false;
}

/** Focus `selector` once it is in the page (a lazily loaded dialog), trying each frame for about a second. */
export function focusWhenPresent(selector: string, frames = 60): void {
  if (focusFirst(selector) || frames <= 0) return;
  requestAnimationFrame(() => focusWhenPresent(selector, frames - 1));
}
