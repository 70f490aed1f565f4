/**
 * Views split out of the first-paint bundle (React.lazy), each behind a light placeholder:
 * the LiDAR pane (three + @react-three/fiber, ~1 MB minified), the QA and Review panels, the
 * export dialog. Same names and props as the components they wrap, so the shell imports them
 * from here unchanged. The LiDAR chunk starts loading as soon as this module runs (it is always
 * on screen), in parallel with the demo scene.
 */
import { lazy, Suspense, type ComponentProps } from 'react';
import type { ExportDialog as ExportDialogType } from './ExportDialog';
import { loadLidarChunk } from './lazyModules';

const LidarPaneLazy = lazy(() => loadLidarChunk().then((m) => ({ default: m.LidarPane })));
const QaPanelLazy = lazy(() => import('../views/qa/QaPanel').then((m) => ({ default: m.QaPanel })));
const ReviewPanelLazy = lazy(() => import('../views/qa/ReviewPanel').then((m) => ({ default: m.ReviewPanel })));
const ExportDialogLazy = lazy(() => import('./ExportDialog').then((m) => ({ default: m.ExportDialog })));

if (typeof window !== 'undefined') void loadLidarChunk().catch(() => undefined);

export function LidarPane() {
  return (
    <Suspense
      fallback={
        <div className="lidar-pane pane-loading" data-testid="lidar-loading">
          <div className="pane-toolbar">
            <span className="pane-title">LiDAR</span>
          </div>
          <div className="pane-empty">Loading the 3D view…</div>
        </div>
      }
    >
      <LidarPaneLazy />
    </Suspense>
  );
}

const panelFallback = <div className="pad muted">Loading…</div>;

export function QaPanel() {
  return (
    <Suspense fallback={panelFallback}>
      <QaPanelLazy />
    </Suspense>
  );
}

export function ReviewPanel() {
  return (
    <Suspense fallback={panelFallback}>
      <ReviewPanelLazy />
    </Suspense>
  );
}

export function ExportDialog(props: ComponentProps<typeof ExportDialogType>) {
  return (
    <Suspense fallback={null}>
      <ExportDialogLazy {...props} />
    </Suspense>
  );
}
