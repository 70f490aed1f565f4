/** The workbench shell: header (open, undo/redo, errors), object list, four panes, inspector. */
import { useEffect, useRef, useState } from 'react';
import { CameraPane } from '../views/camera/CameraPane';
import { Inspector } from '../views/inspector/Inspector';
import { QaPanel } from '../views/qa/QaPanel';
import { ReviewPanel } from '../views/qa/ReviewPanel';
import { LidarPane } from '../views/lidar/LidarPane';
import { ObjectList } from '../views/objects/ObjectList';
import { TextPane } from '../views/text/TextPane';
import { TimelinePane } from '../views/timeline/TimelinePane';
import { loadDemoScene, loadNuScenesDemo } from './demo';
import { ExportDialog } from './ExportDialog';
import { FilePicker } from './FilePicker';
import { filesFromDataTransfer, importAnyFiles } from './importFiles';
import { QuadLayout } from './QuadLayout';
import { useWorkbench, useWorkbenchStore } from './storeContext';

export function App() {
  const store = useWorkbenchStore();
  const scene = useWorkbench((s) => s.scene);
  const source = useWorkbench((s) => s.sceneSource);
  const error = useWorkbench((s) => s.lastError);
  const history = useWorkbench((s) => s.history);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [side, setSide] = useState<'inspector' | 'qa' | 'review'>('inspector');
  const [exporting, setExporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) store.getState().redo();
        else store.getState().undo();
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        store.getState().redo();
      } else if (e.key === 'Escape') store.getState().select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const importing = useRef(false);
  const runImport = async (files: File[]) => {
    if (!files.length) return;
    // one import at a time: the page stays usable while a worker reads, but two imports racing
    // to replace (or add to) the scene would apply in whatever order they finish
    if (importing.current) {
      store.getState().setError({ message: 'an import is still running: wait for it to finish, then try again', source: files.map((f) => f.name).join(', ') });
      return;
    }
    importing.current = true;
    // the last notice stays until this import's replaces it: no banner comes or goes (and no pane
    // resizes) while the file is read
    setBusy(`Importing ${files.length} file${files.length === 1 ? '' : 's'}…`);
    try {
      const outcome = await importAnyFiles(store, files);
      setNotice(outcome?.message ?? null);
    } finally {
      importing.current = false;
      setBusy(null);
    }
  };

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={async (e) => {
        e.preventDefault();
        setDragging(false);
        await runImport(await filesFromDataTransfer(e.dataTransfer));
      }}
    >
      <header className="topbar">
        <strong className="brand">Crosslabel</strong>
        <span className="scene-name" data-testid="scene-name">
          {scene ? scene.name : 'no scene'}
          {source ? <span className="muted"> · {source}</span> : null}
        </span>
        {/* in the bar, not a banner: showing it must not reflow the panes (a resize reallocates every WebGL canvas) */}
        {busy ? (
          <span className="busy" role="status" data-testid="busy">
            {busy}
          </span>
        ) : null}
        <span className="spacer" />
        <select
          aria-label="demo scene"
          value=""
          onChange={async (e) => {
            const which = e.target.value;
            if (!which) return;
            setBusy('Loading the demo scene…');
            try {
              const { scene: s, source: src } = which === 'nuscenes' ? await loadNuScenesDemo() : await loadDemoScene();
              store.getState().loadScene(s, src);
              store.getState().setError(null);
            } catch (err) {
              store.getState().setError({ message: (err as Error).message, source: 'demo' });
            } finally {
              setBusy(null);
            }
          }}
        >
          <option value="">Open a demo scene…</option>
          <option value="kitti">KITTI: 3 frames, camera + Velodyne</option>
          <option value="nuscenes">nuScenes: 6 cameras + LIDAR_TOP</option>
        </select>
        <FilePicker testId="import-file" accept=".json,.txt,.csv,.rttm,.vtt" onFiles={runImport} title="A Crosslabel scene or bundle, ASAM OpenLABEL, nuScenes info, or labels for this scene: MOT/ByteTrack .txt, RTTM, WebVTT, SAM masks .json">
          Import file…
        </FilePicker>
        <FilePicker testId="open-folder" folder onFiles={runImport} title="A KITTI object folder (calib/, image_2/, velodyne/, label_2/) or a nuScenes-format folder (<version>/*.json tables)">
          Open folder…
        </FilePicker>
        <button onClick={() => setExporting(true)} disabled={!scene}>
          Export…
        </button>
        <button onClick={() => store.getState().undo()} disabled={!history.undo.length} title={history.undo.length ? `Undo ${history.undo[history.undo.length - 1]} (Ctrl+Z)` : 'Nothing to undo'}>
          Undo
        </button>
        <button onClick={() => store.getState().redo()} disabled={!history.redo.length} title={history.redo.length ? `Redo ${history.redo[history.redo.length - 1]} (Ctrl+Shift+Z)` : 'Nothing to redo'}>
          Redo
        </button>
      </header>
      {error ? (
        <div className="error-banner" role="alert" data-testid="error-banner">
          <span>
            {/* a message that already names its file (core errors do) is not prefixed twice */}
            {error.source && !error.message.startsWith(error.source) ? <strong>{error.source}: </strong> : null}
            {error.message}
          </span>
          <button aria-label="dismiss error" onClick={() => store.getState().setError(null)}>
            ✕
          </button>
        </div>
      ) : null}
      {notice ? (
        <div className="notice-banner" role="status" data-testid="notice-banner">
          <span>{notice}</span>
          <button aria-label="dismiss notice" onClick={() => setNotice(null)}>
            ✕
          </button>
        </div>
      ) : null}
      {exporting && scene ? <ExportDialog scene={scene} onClose={() => setExporting(false)} /> : null}
      <main className="workbench">
        <ObjectList />
        {scene ? <QuadLayout panes={[<CameraPane key="c" />, <LidarPane key="l" />, <TimelinePane key="t" />, <TextPane key="x" />]} /> : <div className="pane-empty">Loading the demo scene…</div>}
        <div className="sidebar">
          <div className="tabs side-tabs" role="tablist">
            <button role="tab" aria-selected={side === 'inspector'} onClick={() => setSide('inspector')}>
              Inspector
            </button>
            <button role="tab" aria-selected={side === 'qa'} onClick={() => setSide('qa')}>
              QA
            </button>
            <button role="tab" aria-selected={side === 'review'} onClick={() => setSide('review')}>
              Review
            </button>
          </div>
          {side === 'inspector' ? <Inspector /> : side === 'qa' ? <QaPanel /> : <ReviewPanel />}
        </div>
      </main>
      <footer className="statusbar muted">
        Demo data: KITTI © Geiger, Lenz, Urtasun (CC BY-NC-SA 3.0); nuScenes © Motional (CC BY-NC-SA 4.0). Drop a KITTI folder, a scene, OpenLABEL or label file anywhere to import it.
      </footer>
    </div>
  );
}
