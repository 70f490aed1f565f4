/** Composition root: store + autosave, restore the last document or open the demo scene, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadDemoScene } from './app/lazyModules';
import type { Scene } from './core/schema';
import { persistSceneMedia, restoreSceneMedia } from './app/mediaStore';
import { StoreContext } from './hooks/storeContext';
import { createIndexedDbPersistence, createWorkbenchStore, restoreOrLoad } from './store';
import { autosaveOf } from './store/restore';
import './app/styles.css';

const persistence = createIndexedDbPersistence();
const store = createWorkbenchStore({ persistence });
(window as unknown as { __crosslabel: Record<string, unknown> }).__crosslabel = {
  ...((window as unknown as { __crosslabel?: Record<string, unknown> }).__crosslabel ?? {}),
  store,
  persistence,
};
window.addEventListener('pagehide', () => void persistence.flush());

const keepMedia = (scene: Scene) => persistSceneMedia(scene, (message) => store.getState().setError({ message, source: 'media' }));
// Every newly loaded document keeps the dropped files it references (and only those) for the next session.
store.subscribe((s, prev) => {
  // a read-only tab (the scene is open in another tab) keeps its hands off the owner's kept media
  if (s.scene && s.loads !== prev.loads && autosaveOf(store)?.tab.role() !== 'reader')
    void keepMedia(s.scene);
});

restoreOrLoad(store, persistence, loadDemoScene, restoreSceneMedia, { keepMedia }).catch((e: Error) => store.getState().setError({ message: e.message, source: 'startup' }));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
