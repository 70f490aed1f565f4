/** Asks which object a new label belongs to when several projected cuboids overlap it equally. */
import type { Scene } from '../../core/schema';
import type { LinkChoiceState } from './useLinkedLabel';

export function LinkChoice({ scene, choice, onResolve, onCancel }: { scene: Scene | null; choice: LinkChoiceState; onResolve: (objectId: string | null) => void; onCancel: () => void }) {
  return (
    <div className="link-choice" role="dialog" aria-label="link box to object">
      <div>This box overlaps several objects equally. Link it to:</div>
      {choice.decision.candidates.map((c) => (
        <button key={c.objectId} onClick={() => onResolve(c.objectId)}>
          {scene?.objects[c.objectId]?.name ?? c.objectId} (IoU {c.iou.toFixed(2)})
        </button>
      ))}
      <button onClick={() => onResolve(null)}>a new object</button>
      <button onClick={onCancel}>cancel</button>
    </div>
  );
}
