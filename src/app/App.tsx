/** The workbench shell: header (open, undo/redo, errors), object list, four panes, inspector. */
import { lazy, Suspense, useRef, useState } from 'react';
import { CameraPane } from '../views/camera/CameraPane';
import { Inspector } from '../views/inspector/Inspector';
import { ObjectList } from '../views/objects/ObjectList';
import { TextPane } from '../views/text/TextPane';
import { TimelinePane } from '../views/timeline/TimelinePane';
import { FilePicker } from './FilePicker';
import { StorageBanner } from './StorageBanner';
import { ImportProgressView } from './ImportProgress';
import { ImportLimitsDialog } from './ImportLimitsDialog';
import type { ImportProgress } from './importFiles';
import { KeyboardLayer } from './keyboard/KeyboardLayer';
// split out of the first paint (bench/firstPaint.bench.ts): LiDAR pane, QA/Review panels, export dialog, importers
import { filesFromDataTransfer, importAnyFiles, loadDemoByName } from './lazyModules';
import { ExportDialog, LidarPane, QaPanel, ReviewPanel } from './lazyViews';
import { TaxonomyDialog } from '../views/taxonomy/LazyTaxonomyDialog';
import { LayoutControls, QuadLayout } from './QuadLayout';
import { useWorkbench, useWorkbenchStore } from '../hooks/storeContext';
import { servedByTeamServer } from '../sync/team';

// the team server's pages load only when the app came from a Crosslabel server (src/server/static.ts)
const TeamEntry = lazy(() => import('../views/team/TeamEntry').then((m) => ({ default: m.TeamEntry })));
const TEAM = servedByTeamServer();

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
  const [taxonomyOpen, setTaxonomyOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const importing = useRef(false);
  // the running import's Cancel (aborts its signal) and where it is
  const [importJob, setImportJob] = useState<{ controller: AbortController; progress: ImportProgress | null; cancelling: boolean } | null>(null);
  const [limitsOpen, setLimitsOpen] = useState(false);
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
    const controller = new AbortController();
    setImportJob({ controller, progress: null, cancelling: false });
    try {
      const outcome = await importAnyFiles(store, files, { signal: controller.signal, onProgress: (p) => setImportJob((j) => (j && j.controller === controller ? { ...j, progress: p } : j)) });
      setNotice(outcome?.message ?? null);
    } finally {
      importing.current = false;
      setBusy(null);
      setImportJob(null);
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
        {importJob ? (
          <ImportProgressView
            progress={importJob.progress}
            cancelling={importJob.cancelling}
            onCancel={() => {
              importJob.controller.abort();
              setImportJob((j) => (j ? { ...j, cancelling: true } : j));
            }}
          />
        ) : null}
        <span className="spacer" />
        {TEAM ? (
          <Suspense fallback={null}>
            <TeamEntry onNotice={setNotice} />
          </Suspense>
        ) : null}
        <LayoutControls />
        <select
          aria-label="demo scene"
          value=""
          onChange={async (e) => {
            const which = e.target.value;
            if (!which) return;
            setBusy('Loading the demo scene…');
            try {
              const { scene: s, source: src } = await loadDemoByName(which);
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
          <option value="sequence">KITTI raw: 12-frame sequence, camera + Velodyne</option>
          <option value="talking">GRID: talking face, video + audio + words</option>
          <option value="narrated">NASA: narrated clip + subtitles</option>
        </select>
        <FilePicker testId="import-file" accept=".json,.txt,.csv,.rttm,.vtt,.srt,.stm" onFiles={runImport} title="A Crosslabel scene or bundle, ASAM OpenLABEL, nuScenes info, or labels for this scene: MOT/ByteTrack .txt, RTTM, WebVTT, SRT, STM, Whisper .json, SAM masks .json">
          Import file…
        </FilePicker>
        <FilePicker testId="open-folder" folder onFiles={runImport} title="A KITTI object folder (calib/, image_2/, velodyne/, label_2/), a KITTI raw drive (calib_cam_to_cam.txt, calib_velo_to_cam.txt, image_02/data/, velodyne_points/data/) or a nuScenes-format folder (<version>/*.json tables)">
          Open folder…
        </FilePicker>
        <button onClick={() => setLimitsOpen(true)} title="Import limits: the largest file accepted per kind, and how long one file's parse may take">
          Limits…
        </button>
        <button onClick={() => setTaxonomyOpen(true)} disabled={!scene} title="Classes, attributes, version history; adopt another project's taxonomy">
          Taxonomy…
        </button>
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
      {/* a fixed-height line: a message coming or going never resizes the panes (each resize reallocates the WebGL canvases); hover shows a long one in full, over the panes */}
      <div className="message-line" data-testid="message-line">
      {scene ? <StorageBanner onExport={() => setExporting(true)} /> : null}
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
      </div>
      {exporting && scene ? <ExportDialog scene={scene} onClose={() => setExporting(false)} /> : null}
      {taxonomyOpen && scene ? <TaxonomyDialog onClose={() => setTaxonomyOpen(false)} /> : null}
      {limitsOpen ? <ImportLimitsDialog onClose={() => setLimitsOpen(false)} /> : null}
      {/* keyboard: global shortcuts (undo/redo, tools, frames …), command palette (Ctrl+K), shortcut sheet (?) */}
      <KeyboardLayer setSide={setSide} exporting={(exporting || taxonomyOpen) && !!scene} openExport={() => setExporting(true)} openTaxonomy={() => setTaxonomyOpen(true)} />
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
        Demo data: KITTI © Geiger, Lenz, Stiller, Urtasun (CC BY-NC-SA 3.0); nuScenes © Motional (CC BY-NC-SA 4.0); GRID corpus © Cooke et al. (CC BY 4.0); NASA media. Drop a KITTI folder, a scene, OpenLABEL or label file anywhere to import it.
      </footer>
    </div>
  );
}
