/** Inspector: the selected object's class (from the one taxonomy), attributes and its per-modality annotations. */
import { useMemo } from 'react';
import { deleteObject, setObjectAttribute, setObjectClass } from '../../core/commands/objects';
import { markNotVisible } from '../../core/commands/annotations';
import { attributesInScope, setAnnotationAttribute } from '../../core/commands/attributes';
import type { Annotation, Scene, SensorKind } from '../../core/schema';
import { useCurrentSample, useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { BoxFacts, CuboidFacts } from './AnnotationFacts';
import { AttributeField } from './AttributeField';
import { MergeTrack } from './MergeTrack';
import { ObjectHistoryButton } from '../team/ObjectHistory';
import { allAnnotations, getAnnotation } from '../../core/schema';

/** The modality an annotation lives in: its sensor's kind, or text for a text span. */
const modalityOf = (scene: Scene, a: Annotation): SensorKind | undefined => (a.kind === 'textSpan' ? 'text' : scene.sensors.find((s) => s.id === a.sensor)?.kind);

const describe = (a: Annotation): string => {
  switch (a.kind) {
    case 'cuboid':
      return `cuboid ${a.size.l.toFixed(2)}×${a.size.w.toFixed(2)}×${a.size.h.toFixed(2)} m @ (${a.center.x.toFixed(1)}, ${a.center.y.toFixed(1)}, ${a.center.z.toFixed(1)})`;
    case 'box2d':
      return `box ${Math.round(a.x1 - a.x0)}×${Math.round(a.y1 - a.y0)} px (${a.source}${a.score !== undefined ? ` ${a.score.toFixed(2)}` : ''})`;
    case 'polygon':
      return `polygon, ${a.points.length} points`;
    case 'mask':
      return `mask ${a.rle.size[1]}×${a.rle.size[0]}`;
    case 'timeSegment':
      return `segment ${a.start.toFixed(2)}–${a.end.toFixed(2)} s${a.speaker ? ` (${a.speaker})` : ''}`;
    case 'textSpan':
      return `text ${a.segment !== undefined ? `in segment ${a.segment} ` : ''}[${a.start}, ${a.end})${a.text !== undefined ? ` “${a.text.length > 40 ? `${a.text.slice(0, 40)}…` : a.text}”` : ''}${a.language ? ` (${a.language})` : ''}`;
    case 'notVisible':
      return `not visible: ${a.reason}`;
  }
};

export function Inspector() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const selectedId = useWorkbench((s) => s.session.selectedObjectId);
  const selectedAnnId = useWorkbench((s) => s.session.selectedAnnotationId);
  const obj = selectedId ? scene?.objects[selectedId] : undefined;
  const anns = useMemo(() => (scene && obj ? allAnnotations(scene).filter((a) => a.object === obj.id) : []), [scene, obj]);
  /** The modalities a class must cover: the selected annotation's, else every modality the object is labelled in. */
  const modalities = useMemo(() => {
    if (!scene) return [];
    const sel = selectedAnnId ? getAnnotation(scene, selectedAnnId) : undefined;
    const from = sel && sel.object === obj?.id ? [sel] : anns.filter((a) => a.kind !== 'notVisible');
    return [...new Set(from.map((a) => modalityOf(scene, a)).filter((k): k is SensorKind => k !== undefined))];
  }, [scene, selectedAnnId, obj, anns]);
  if (!scene || !obj) {
    return (
      <aside className="inspector" data-testid="inspector">
        <div className="pane-toolbar">
          <span className="pane-title">Inspector</span>
        </div>
        <p className="muted pad">Select an object in the list or in any view.</p>
      </aside>
    );
  }
  const cls = scene.taxonomy.classes.find((c) => c.id === obj.classId);
  return (
    <aside className="inspector" data-testid="inspector">
      <div className="pane-toolbar">
        <span className="pane-title">Inspector</span>
      </div>
      <div className="pad">
        <h3 data-testid="inspector-name">{obj.name ?? obj.id}</h3>
        <div className="muted small">id {obj.id}</div>
        <ObjectHistoryButton objectId={obj.id} />
        <label className="field">
          Class
          <select
            aria-label="class"
            value={obj.classId}
            onChange={(e) => store.getState().dispatch(setObjectClass, { objectId: obj.id, classId: e.target.value })}
          >
            {!cls ? <option value={obj.classId}>{obj.classId} (not in taxonomy)</option> : null}
            {scene.taxonomy.classes
              .filter((c) => c.id === obj.classId || (!c.deprecated && modalities.every((m) => c.modalities.includes(m))))
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.deprecated ? ' (deprecated)' : ''}
                </option>
              ))}
          </select>
        </label>
        <div className="muted small class-scope" data-testid="class-scope">
          {modalities.length ? `classes labelled in ${modalities.join(' + ')} · ` : ''}taxonomy {scene.taxonomy.name} v{scene.taxonomy.version}
        </div>
        {attributesInScope(cls, 'object').length ? (
          <div className="attr-fields" data-testid="object-attributes">
            {attributesInScope(cls, 'object').map((d) => (
              <AttributeField key={d.name} def={d} value={obj.attributes[d.name]} scopeLabel="object" onCommit={(value) => store.getState().dispatch(setObjectAttribute, { objectId: obj.id, name: d.name, value })} />
            ))}
          </div>
        ) : null}
        {Object.keys(obj.attributes).some((k) => !cls?.attributes.some((d) => d.name === k)) ? (
          <dl className="attrs">
            {Object.entries(obj.attributes).filter(([k]) => !cls?.attributes.some((d) => d.name === k)).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <h4>Labelled in</h4>
        <ul className="ann-list">
          {anns.map((a) => (
            <li key={a.id}>
              <span className="badge">{'sensor' in a ? a.sensor : 'text'}</span> {describe(a)}
              {a.kind === 'cuboid' ? <CuboidFacts scene={scene} cuboid={a} /> : null}
              {a.kind === 'box2d' ? <BoxFacts scene={scene} box={a} /> : null}
              {a.kind !== 'notVisible' && attributesInScope(cls, 'frame').length ? (
                <div className="attr-fields frame" data-testid="frame-attributes" data-annotation={a.id}>
                  {attributesInScope(cls, 'frame').map((d) => (
                    <AttributeField key={d.name} def={d} value={a.attributes?.[d.name]} scopeLabel={'sensor' in a ? a.sensor : 'text'} onCommit={(value) => store.getState().dispatch(setAnnotationAttribute, { annotationId: a.id, name: d.name, value })} />
                  ))}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        <NotVisibleInLidar objectId={obj.id} />
        <MergeTrack scene={scene} object={obj} />
        <button className="danger" onClick={() => store.getState().dispatch(deleteObject, { objectId: obj.id })}>
          Delete object
        </button>
      </div>
    </aside>
  );
}

/**
 * For an object labelled in a camera but with no cuboid: record explicitly that it is not visible
 * in the LiDAR sweep paired with that camera label (clears the "missing in LiDAR" flag).
 */
function NotVisibleInLidar({ objectId }: { objectId: string }) {
  const scene = useScene();
  const store = useWorkbenchStore();
  const lidarId = scene?.sensors.find((s) => s.kind === 'lidar')?.id;
  // the sweep at the playhead (re-renders when it changes, not at every playhead move)
  const sample = useCurrentSample(lidarId);
  if (!scene) return null;
  const anns = allAnnotations(scene).filter((a) => a.object === objectId);
  const lidar = scene.sensors.find((s) => s.kind === 'lidar');
  if (!lidar || !anns.some((a) => a.kind === 'box2d' || a.kind === 'polygon' || a.kind === 'mask') || anns.some((a) => 'sensor' in a && a.sensor === lidar.id)) return null;
  if (!sample) return null;
  return (
    <label className="field">
      Not visible in {lidar.name}
      <select
        aria-label="not visible in LiDAR"
        value=""
        onChange={(e) => e.target.value && store.getState().dispatch(markNotVisible, { object: objectId, sensor: lidar.id, sample: sample.id, reason: e.target.value as 'occluded' })}
      >
        <option value="">mark not visible…</option>
        <option value="occluded">occluded</option>
        <option value="out_of_frame">out of range / frame</option>
        <option value="too_small">too few points</option>
        <option value="sensor_failure">sensor failure</option>
      </select>
    </label>
  );
}
