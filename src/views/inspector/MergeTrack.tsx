/**
 * Merge another track of the same class into the selected object (track/merge): for a track that
 * was split by an occlusion, or two ids a tracker gave one object. The core refuses, with the
 * overlapping seconds named, when both tracks are labelled on one sensor at the same time; the
 * message appears in the message line and nothing changes.
 */
import { mergeTracks } from '../../core/commands/tracks';
import type { ObjectTrack, Scene } from '../../core/schema';
import { useWorkbenchStore } from '../../hooks/storeContext';

export function MergeTrack({ scene, object }: { scene: Scene; object: ObjectTrack }) {
  const store = useWorkbenchStore();
  const candidates = Object.values(scene.objects).filter((o) => o.id !== object.id && o.classId === object.classId);
  if (!candidates.length) return null;
  return (
    <label className="field" title="Move every label of another track of this class into this object, then delete that track (one undo step)">
      Merge track
      <select
        aria-label="merge another track into this object"
        data-testid="merge-track"
        value=""
        onChange={(e) => {
          const from = e.target.value;
          if (from) store.getState().dispatch(mergeTracks, { into: object.id, from });
        }}
      >
        <option value="">Merge another {object.classId} into this one…</option>
        {candidates.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name ?? o.id}
          </option>
        ))}
      </select>
    </label>
  );
}
