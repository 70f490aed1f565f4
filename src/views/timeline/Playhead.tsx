/**
 * The playhead line across every lane (ruler to the last track). The only part of the lanes that
 * re-renders with the playhead (60 times a second while playing).
 */
import { useWorkbench } from '../../hooks/storeContext';
import { LABEL_W } from './layout';
import { useAxis } from './useTimeAxis';

export function Playhead() {
  const axis = useAxis();
  const t = useWorkbench((s) => s.live.playhead);
  if (t < axis.view.start || t > axis.view.end) return null;
  return <div className="playhead" data-testid="playhead" data-t={t} style={{ left: LABEL_W + axis.x(t) }} />;
}
