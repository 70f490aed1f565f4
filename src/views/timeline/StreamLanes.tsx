/**
 * One row per stream: its name and kind, its clock offset (double-click the name to set it, in ms;
 * the command stream/setOffset, undoable), a warning badge when its offset estimated from the
 * labels exceeds the sync tolerance (streamFlags.ts; click it to apply the correction), and a tick
 * per sample in the visible window (thinned to at most one per 2 px). Clicking the name selects the
 * stream: Shift+←/→ step through its frames and the readout counts them. Pressing the empty lane
 * and dragging pans.
 *
 * An audio stream's lane is where a waveform belongs (src/views/audio); a stream lane's content is
 * the ticks until then.
 */
import { memo, useMemo, useRef, useState } from 'react';
import { setStreamOffset } from '../../core/commands/streams';
import type { Scene, Stream } from '../../core/schema';
import { sceneTime } from '../../core/time';
import { LABEL_W } from './layout';
import { useWorkbenchStore } from '../../hooks/storeContext';
import type { StreamFlag } from './streamFlags';
import { useAxis, type TimeAxis } from './useTimeAxis';

const KIND_TAG: Record<string, string> = { camera: 'cam', lidar: 'lidar', video: 'video', audio: 'audio', text: 'text' };

export interface StreamLanesProps {
  scene: Scene;
  selected: string | undefined;
  onSelect(streamId: string): void;
  flags: ReadonlyMap<string, StreamFlag>;
  onPanStart(e: React.PointerEvent): void;
}

export function StreamLanes({ scene, selected, onSelect, flags, onPanStart }: StreamLanesProps) {
  const axis = useAxis();
  return (
    <>
      {scene.streams.map((st) => {
        const sensor = scene.sensors.find((s) => s.id === st.sensor);
        return <StreamRow key={st.id} stream={st} name={sensor?.name ?? st.sensor} kind={sensor?.kind ?? ''} axis={axis} selected={selected === st.id} onSelect={onSelect} flag={flags.get(st.id)} onPanStart={onPanStart} />;
      })}
    </>
  );
}

interface RowProps {
  stream: Stream;
  name: string;
  kind: string;
  axis: TimeAxis;
  selected: boolean;
  onSelect(id: string): void;
  flag: StreamFlag | undefined;
  onPanStart(e: React.PointerEvent): void;
}

const StreamRow = memo(function StreamRow({ stream, name, kind, axis, selected, onSelect, flag, onPanStart }: RowProps) {
  const store = useWorkbenchStore();
  const [editing, setEditing] = useState(false);
  const times = useMemo(() => stream.samples.map((_, i) => sceneTime(stream, i)), [stream]);
  const ticks = useMemo(() => {
    const out: { i: number; x: number }[] = [];
    let lastX = -Infinity;
    for (let i = 0; i < times.length; i++) {
      if (times[i] < axis.view.start || times[i] > axis.view.end) continue;
      const x = axis.x(times[i]);
      if (x - lastX < 2) continue;
      out.push({ i, x });
      lastX = x;
    }
    return out;
  }, [times, axis]);
  const offsetMs = stream.offset * 1000;
  const setOffset = (seconds: number) => store.getState().dispatch(setStreamOffset, { streamId: stream.id, seconds });
  return (
    <div className={`timeline-row stream-row${selected ? ' selected' : ''}`} data-stream={stream.id} data-flagged={flag ? 'true' : undefined}>
      <div className="timeline-label stream-label" style={{ width: LABEL_W }}>
        <span className={`kind-tag kind-${kind}`}>{KIND_TAG[kind] ?? kind}</span>
        {editing ? (
          <OffsetField
            ms={offsetMs}
            onDone={(ms) => {
              setEditing(false);
              if (ms !== undefined && ms !== offsetMs) setOffset(ms / 1000);
            }}
          />
        ) : (
          <button
            className="stream-name"
            aria-pressed={selected}
            onClick={() => onSelect(stream.id)}
            onDoubleClick={() => setEditing(true)}
            title={`${kind} ${stream.sensor}: ${stream.samples.length} samples, clock offset ${offsetMs.toFixed(1)} ms. Click: step through its frames with Shift+←/→; double-click: set its clock offset.`}
          >
            {name}
          </button>
        )}
        {flag ? (
          <button
            className="sync-flag"
            data-testid="sync-flag"
            title={`${flag.message}\nClick to apply the correction (offset ${offsetMs.toFixed(1)} → ${(offsetMs - flag.offset * 1000).toFixed(1)} ms).`}
            onClick={() => setOffset(stream.offset - flag.offset)}
          >
            ⚠ {flag.offset >= 0 ? '+' : '−'}
            {Math.abs(flag.offset * 1000).toFixed(0)} ms
          </button>
        ) : offsetMs && !editing ? (
          <span className="offset muted" data-testid="stream-offset">{`${offsetMs > 0 ? '+' : '−'}${Math.abs(offsetMs).toFixed(0)} ms`}</span>
        ) : null}
      </div>
      <div className="timeline-track" onPointerDown={(e) => e.target === e.currentTarget && onPanStart(e)}>
        {ticks.map(({ i, x }) => (
          <div key={stream.samples[i].id} className="tick" style={{ left: x }} title={`${stream.samples[i].frame ?? stream.samples[i].id} @ ${times[i].toFixed(3)} s`} />
        ))}
      </div>
    </div>
  );
});

/** The stream's clock offset in ms: Enter sets it, Esc or an empty field leaves it. */
function OffsetField({ ms, onDone }: { ms: number; onDone(ms: number | undefined): void }) {
  const done = useRef(false);
  const finish = (v: string | undefined) => {
    if (done.current) return;
    done.current = true;
    const n = v === undefined || v.trim() === '' ? undefined : Number(v);
    onDone(n !== undefined && Number.isFinite(n) ? n : undefined);
  };
  return (
    <input
      className="offset-field"
      aria-label="clock offset (ms)"
      data-testid="offset-field"
      type="number"
      step="any"
      defaultValue={String(+ms.toFixed(3))}
      autoFocus
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(e.currentTarget.value);
        else if (e.key === 'Escape') finish(undefined);
      }}
      onBlur={(e) => finish(e.currentTarget.value)}
    />
  );
}
