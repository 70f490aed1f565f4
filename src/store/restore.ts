/** App start: restore the autosaved document when there is one, else load the fallback (the demo). */
import type { Scene } from '../core/schema';
import type { Persistence } from './persistence';
import type { WorkbenchStore } from './workbench';

/**
 * Returns which document was loaded. A corrupt autosave is reported through the store's
 * `lastError` (via the persistence's error sink) and the fallback is loaded instead.
 */
export async function restoreOrLoad(
  store: WorkbenchStore,
  persistence: Persistence,
  fallback: () => Promise<{ scene: Scene; source: string }>,
  /** Runs before a saved document is shown (the app puts its kept media back). */
  beforeRestore?: (scene: Scene) => Promise<unknown>,
): Promise<'restored' | 'fallback'> {
  persistence.reportTo?.((e) => store.getState().setError(e));
  const saved = await persistence.load();
  if (saved) {
    await beforeRestore?.(saved.scene);
    store.getState().loadScene(saved.scene, saved.source, { restore: true });
    return 'restored';
  }
  const { scene, source } = await fallback();
  store.getState().loadScene(scene, source);
  return 'fallback';
}
