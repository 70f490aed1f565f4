/** The overlay legend: one toggle button per overlay (with its current key), and the disagreement swatch. */
import { useKeyLabel } from '../../keyboard/react';
import { DISAGREE, OVERLAYS, type OverlayKey } from './overlays';

export function OverlayLegend({ shown, onToggle }: { shown: Record<OverlayKey, boolean>; onToggle: (key: OverlayKey) => void }) {
  const keyLabel = useKeyLabel();
  return (
    <div className="overlay-legend" role="group" aria-label="overlays">
      {OVERLAYS.map((o) => (
        <button key={o.key} aria-pressed={shown[o.key]} className={`legend-${o.key}`} onClick={() => onToggle(o.key)} title={`Toggle ${o.label} (${keyLabel(`camera.overlay.${o.key}`)})`}>
          <span className="swatch" /> {o.label} <kbd>{keyLabel(`camera.overlay.${o.key}`)}</kbd>
        </button>
      ))}
      <span className="legend-disagree">
        <span className="swatch" /> box ≠ projection (&gt; {DISAGREE.maxEdgePx} px or IoU &lt; {DISAGREE.minIoU})
      </span>
    </div>
  );
}
