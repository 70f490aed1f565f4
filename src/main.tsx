/** Composition root: store + autosave, restore the last document or open the demo scene, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadDemoScene } from './app/demo';
import { StoreContext } from './app/storeContext';
import { createIndexedDbPersistence, createWorkbenchStore, restoreOrLoad } from './store';
import './app/styles.css';

const persistence = createIndexedDbPersistence();
const store = createWorkbenchStore({ persistence });
(window as unknown as { __crosslabel: Record<string, unknown> }).__crosslabel = {
  ...((window as unknown as { __crosslabel?: Record<string, unknown> }).__crosslabel ?? {}),
  store,
  persistence,
};
window.addEventListener('pagehide', () => void persistence.flush());

restoreOrLoad(store, persistence, loadDemoScene).catch((e: Error) => store.getState().setError({ message: e.message, source: 'startup' }));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
