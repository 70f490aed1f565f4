/**
 * The timeline's toolbar: transport (start, previous sample, play/pause, next sample, end), the
 * speed (0.25×–4×), the readout (time since the scene's start, and the frame of the selected
 * stream shown now). The readout re-renders with the playhead; nothing
 * else here does.
 */
import { PLAYBACK_RATES } from '../../store/playback';
import { indexAtOrBefore } from '../../core/time';
import type { Stream } from '../../core/schema';
import { usePlayback, usePlaybackStore } from '../../hooks/playback';
import { useWorkbench } from '../../hooks/storeContext';
import { useKeyLabel } from '../../keyboard/react';

export interface PlaybackBarProps {
  origin: number;
  stream: Stream | undefined;
  step(dir: 1 | -1): void;
  toStart(): void;
  toEnd(): void;
}

const rateLabel = (r: number) => `${r}×`;

export function PlaybackBar({ origin, stream, step, toStart, toEnd }: PlaybackBarProps) {
  const playback = usePlaybackStore();
  const playing = usePlayback((s) => s.playing);
  const rate = usePlayback((s) => s.rate);
  const direction = usePlayback((s) => s.direction);
  const key = useKeyLabel();
  const hint = (id: string) => (key(id) ? ` (${key(id)})` : '');
  return (
    <div className="pane-toolbar timeline-toolbar">
      <span className="pane-title">Timeline</span>
      <div className="transport" role="group" aria-label="playback">
        <button aria-label="to the start" title="To the start" onClick={toStart}>
          |◀
        </button>
        <button aria-label="previous frame" title={`Previous sample${hint('timeline.prevSample')}`} onClick={() => step(-1)}>
          ◀
        </button>
        <button
          className="play"
          aria-label={playing ? 'pause' : 'play'}
          aria-pressed={playing}
          data-testid="play"
          title={`${playing ? 'Pause' : 'Play'}${hint('timeline.playPause')}; J / L play backwards / forwards, again: faster`}
          onClick={() => playback.getState().toggle()}
        >
          {playing ? '❚❚' : direction < 0 ? '◀◀' : '▶'}
        </button>
        <button aria-label="next frame" title={`Next sample${hint('timeline.nextSample')}`} onClick={() => step(1)}>
          ▶
        </button>
        <button aria-label="to the end" title="To the end" onClick={toEnd}>
          ▶|
        </button>
      </div>
      <select aria-label="playback speed" data-testid="playback-speed" value={String(rate)} onChange={(e) => playback.getState().setRate(Number(e.target.value))} title="Playback speed">
        {PLAYBACK_RATES.map((r) => (
          <option key={r} value={String(r)}>
            {rateLabel(r)}
          </option>
        ))}
      </select>
      <Readout origin={origin} stream={stream} />
    </div>
  );
}

/** "t = 1.300 s · frame 14/120": time since the scene's start and the selected stream's sample shown at the playhead. */
function Readout({ origin, stream }: { origin: number; stream: Stream | undefined }) {
  const playhead = useWorkbench((s) => s.live.playhead);
  const n = stream?.samples.length ?? 0;
  const i = stream && n ? Math.max(0, indexAtOrBefore(stream, playhead)) : -1;
  return (
    <span className="readout" data-testid="playhead-readout" data-t={playhead} data-frame={i >= 0 ? i + 1 : ''} title={stream ? `Frame of ${stream.sensor} shown at the playhead; the scene clock reads ${playhead.toFixed(6)} s` : undefined}>
      t = {(playhead - origin).toFixed(3)} s{i >= 0 ? ` · frame ${i + 1}/${n}` : ''}
    </span>
  );
}
