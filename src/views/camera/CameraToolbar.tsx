/** The camera pane's toolbar: camera and video tabs, the sample, the tool, the class of new objects, Fit and the zoom. */
import type { Sample, Scene } from '../../core/schema';
import type { ImageSensor } from './useCameraFrame';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';

export interface CameraToolbarProps {
  scene: Scene | null;
  cameras: ImageSensor[];
  camera: ImageSensor;
  sample: Sample;
  newClass: string;
  onNewClass: (classId: string) => void;
  onFit: () => void;
  /** Image width / visible width, as a percentage. */
  zoomPercent: number;
}

export function CameraToolbar({ scene, cameras, camera, sample, newClass, onNewClass, onFit, zoomPercent }: CameraToolbarProps) {
  const store = useWorkbenchStore();
  const tool = useWorkbench((s) => s.session.tool);
  // new labels on a video frame need a class labelled in video (e.g. a speaker), on an image one labelled in camera
  const cameraClasses = scene?.taxonomy.classes.filter((c) => !c.deprecated && c.modalities.includes(camera.kind)) ?? [];
  return (
    <div className="pane-toolbar">
      <span className="pane-title">Camera</span>
      {cameras.length > 1 ? (
        <div className="tabs" role="tablist">
          {cameras.map((c) => (
            <button key={c.id} role="tab" aria-selected={c.id === camera.id} onClick={() => store.getState().setSession({ activeCamera: c.id })}>
              {c.name}
              {c.kind === 'video' ? <span className="tab-kind">video</span> : null}
            </button>
          ))}
        </div>
      ) : (
        <span>
          {camera.name}
          {camera.kind === 'video' ? <span className="muted"> (video)</span> : null}
        </span>
      )}
      <span className="muted">{sample.frame ?? sample.id}</span>
      <span className="spacer" />
      <div className="tabs" role="group" aria-label="camera tool">
        <button aria-pressed={tool !== 'box'} onClick={() => store.getState().setSession({ tool: 'select' })}>
          Select
        </button>
        <button aria-pressed={tool === 'box'} onClick={() => store.getState().setSession({ tool: 'box' })} title="Drag a box on the image">
          Box
        </button>
        <button aria-pressed={tool === 'polygon'} onClick={() => store.getState().setSession({ tool: 'polygon' })} title="Click the vertices; click the first one, double-click or Enter to close; Esc cancels">
          Polygon
        </button>
      </div>
      <select aria-label="new box class" value={newClass} onChange={(e) => onNewClass(e.target.value)}>
        {cameraClasses.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <button onClick={onFit} title="Fit the image (F)">
        Fit
      </button>
      <span className="muted" data-testid="camera-zoom">
        {Math.round(zoomPercent)}%
      </span>
    </div>
  );
}
