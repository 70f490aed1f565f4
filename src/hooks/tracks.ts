/** Track data for the views: per object, the bars a timeline draws (core/tracks/bars.ts), memoised on the document. */
import { useMemo } from 'react';
import { trackBars, type TrackBar } from '../core/tracks';
import { useWorkbench } from './storeContext';

/** One bar per sensor the object is annotated on: runs (gaps between them), keyframe / interpolated / not-visible times. */
export function useTrackBars(objectId: string | null | undefined): TrackBar[] {
  const annotations = useWorkbench((s) => s.scene?.annotations);
  const streams = useWorkbench((s) => s.scene?.streams);
  const sensors = useWorkbench((s) => s.scene?.sensors);
  return useMemo(
    () => (objectId && annotations && streams && sensors ? trackBars({ annotations, streams, sensors }, objectId) : []),
    [objectId, annotations, streams, sensors],
  );
}
