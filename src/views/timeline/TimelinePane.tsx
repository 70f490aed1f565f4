/**
 * The timeline: every stream on the one scene clock, and the workspace over it.
 * - toolbar (PlaybackBar): play/pause, step, speed 0.25×–4×, the readout, zoom;
 * - ruler (Ruler): the time axis; press and drag to scrub;
 * - lanes: a row per stream (StreamLanes), the action / event / context lanes (TimeLabelLanes),
 *   a row per object with its track bars (TrackLanes); the playhead line across all of them.
 * Zoom: Ctrl+wheel (at the pointer), +/−, the buttons; pan: wheel, drag on an empty lane, middle
 * drag anywhere. Keys (while the timeline has focus, Shift+T; the keyboard registry's `timeline`
 * scope): K / Space play-pause, J / L play backwards / forwards (again: faster), ←/→ previous / next
 * sample, Shift+←/→ previous / next frame of the selected stream, A new action, Del delete the
 * selected time label.
 *
 * Nothing here renders with the playhead except the readout and the playhead line.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { deleteTimeLabel, removeTimeLabelInterval } from '../../core/commands/timeLabels';
import { allSampleTimes, sceneTime, sceneTimeRange } from '../../core/time';
import { usePlaybackStore } from '../../hooks/playback';
import { useClassColor, useScene } from '../../hooks/sceneHooks';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { usePaneCommands } from '../../keyboard/react';
import { panView, snapTime, spanOf, stepTime } from './axis';
import { PlaybackBar } from './PlaybackBar';
import { Playhead } from './Playhead';
import { Ruler } from './Ruler';
import { AudioLanes } from '../audio/AudioLanes';
import { StreamLanes } from './StreamLanes';
import { useStreamFlags } from './streamFlags';
import { TimeLabelLanes, type LabelDraft, type LabelSelection } from './TimeLabelLanes';
import { objectBars, shownRange } from './trackLanes';
import { TrackLanes } from './TrackLanes';
import { TimeAxisContext, useTimeAxis } from './useTimeAxis';
import './timeline.css';

export function TimelinePane() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const playback = usePlaybackStore();
  const { axis, measure, zoom, fit, setView } = useTimeAxis(scene, store);
  const paneRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const streams = scene?.streams;
  const times = useMemo(() => (streams ? allSampleTimes({ streams } as Parameters<typeof allSampleTimes>[0]) : []), [streams]);
  const range = useMemo(() => (streams ? sceneTimeRange({ streams } as Parameters<typeof sceneTimeRange>[0]) : { start: 0, end: 0 }), [streams]);
  const shown = useMemo(() => (streams ? shownRange({ streams }) : range), [streams, range]);
  const [streamId, setStreamId] = useState<string | undefined>(undefined);
  const stream = streams?.find((s) => s.id === streamId) ?? streams?.find((s) => s.samples.length > 1) ?? streams?.[0];
  const [labelSel, setLabelSel] = useState<LabelSelection | null>(null);
  const selected = labelSel && scene?.timeLabels[labelSel.id] ? labelSel : null;
  const [draft, setDraftState] = useState<LabelDraft | null>(null);
  const bars = useMemo(() => (scene ? objectBars(scene) : []), [scene]);
  const colorOf = useClassColor();
  const flags = useStreamFlags(scene);

  const setDraft = useCallback((d: LabelDraft | null) => {
    setDraftState(d);
    // the type field closed: keys go to the timeline again
    if (!d) requestAnimationFrame(() => paneRef.current?.focus({ preventScroll: true }));
  }, []);
  // a time label and an object are never selected together: Del deletes the one selected last
  const selectLabel = useCallback(
    (sel: LabelSelection | null) => {
      setLabelSel(sel);
      if (sel && store.getState().session.selectedObjectId) store.getState().select(null);
    },
    [store],
  );
  useEffect(() => store.subscribe((s, prev) => s.session.selectedObjectId !== prev.session.selectedObjectId && s.session.selectedObjectId && setLabelSel(null)), [store]);

  // playback figures for tests and the bench (window.__crosslabel.playback())
  useEffect(() => {
    const w = window as unknown as { __crosslabel?: Record<string, unknown> };
    w.__crosslabel = w.__crosslabel ?? {};
    w.__crosslabel.playback = () => ({ ...playback.getState().stats(), playing: playback.getState().playing, rate: playback.getState().rate });
  }, [playback]);

  const seek = useCallback((t: number) => store.getState().setPlayhead(t), [store]);
  const step = useCallback(
    (dir: 1 | -1) => {
      const next = stepTime(times, store.getState().live.playhead, dir);
      if (next !== undefined) seek(next);
    },
    [times, seek, store],
  );
  const stepStream = useCallback(
    (dir: 1 | -1) => {
      if (!stream) return;
      const ts = stream.samples.map((_, i) => sceneTime(stream, i));
      const next = stepTime(ts, store.getState().live.playhead, dir);
      if (next !== undefined) seek(next);
    },
    [stream, seek, store],
  );

  // pan: drag on an empty lane (or with the middle button anywhere)
  const axisRef = useRef(axis);
  axisRef.current = axis;
  const startPan = useCallback(
    (e: React.PointerEvent) => {
      if (e.button !== 0 && e.button !== 1) return;
      e.preventDefault();
      const x0 = e.clientX;
      const { view, bounds, width } = axisRef.current;
      const move = (ev: PointerEvent) => setView(panView(view, (-(ev.clientX - x0) / Math.max(width, 1)) * spanOf(view), bounds));
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        window.removeEventListener('pointercancel', up);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
      window.addEventListener('pointercancel', up);
    },
    [setView],
  );

  // wheel: Ctrl zooms at the pointer; horizontal (or Shift, or over the ruler, or when nothing scrolls) pans
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const a = axisRef.current;
      const lane = el.querySelector('.timeline-ruler') as HTMLElement | null;
      if (!lane || !a.width) return;
      const r = lane.getBoundingClientRect();
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const at = a.t(Math.min(r.width, Math.max(0, e.clientX - r.left)));
        zoom(Math.pow(1.0015, -e.deltaY * (e.deltaMode === 1 ? 33 : 1)), at);
        return;
      }
      const overRuler = e.clientY >= r.top && e.clientY <= r.bottom;
      const horizontal = Math.abs(e.deltaX) > Math.abs(e.deltaY);
      const canScroll = el.scrollHeight > el.clientHeight + 1;
      if (!horizontal && !e.shiftKey && !overRuler && canScroll) return; // scroll the lanes
      e.preventDefault();
      const d = (horizontal ? e.deltaX : e.deltaY) * (e.deltaMode === 1 ? 33 : 1);
      setView(panView(a.view, (d / a.width) * spanOf(a.view), a.bounds));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom, setView, scene]);

  const deleteSelectedLabel = () => {
    const sel = selected;
    const st = store.getState();
    const label = sel && st.scene?.timeLabels[sel.id];
    if (!sel || !label) return;
    const ok = label.intervals.length > 1 && sel.index >= 0 ? st.dispatch(removeTimeLabelInterval, { id: sel.id, index: sel.index }) : st.dispatch(deleteTimeLabel, { id: sel.id });
    if (ok) setLabelSel(null);
  };
  const newActionAtPlayhead = () => {
    const t = snapTime(times, store.getState().live.playhead);
    setDraft({ mode: 'create', kind: 'action', start: t, end: stepTime(times, t, 1) ?? t });
  };

  const hasScene = () => !!store.getState().scene;
  const onKeyDown = usePaneCommands('timeline', {
    'timeline.playPause': { run: () => playback.getState().toggle(), enabled: hasScene },
    'timeline.shuttleBack': { run: () => playback.getState().shuttle(-1), enabled: hasScene },
    'timeline.shuttleForward': { run: () => playback.getState().shuttle(1), enabled: hasScene },
    'timeline.prevSample': () => step(-1),
    'timeline.nextSample': () => step(1),
    'timeline.prevStreamFrame': { run: () => stepStream(-1), title: () => (stream ? `Previous frame of ${stream.sensor}` : null) },
    'timeline.nextStreamFrame': { run: () => stepStream(1), title: () => (stream ? `Next frame of ${stream.sensor}` : null) },
    'timeline.zoomIn': () => zoom(1.5),
    'timeline.zoomOut': () => zoom(1 / 1.5),
    'timeline.zoomFit': fit,
    'timeline.newAction': { run: newActionAtPlayhead, enabled: hasScene },
    'edit.delete': { run: deleteSelectedLabel, enabled: () => !!selected, title: () => (selected ? 'Delete the selected time label' : undefined) },
    'edit.deselect': { run: () => setLabelSel(null), enabled: () => !!selected || !!draft },
  });

  if (!scene) return <div className="pane-empty">No scene</div>;
  const lastSample = (dir: 1 | -1) => (dir > 0 ? times[times.length - 1] : times[0]);

  return (
    <div className="timeline-pane" data-testid="timeline-pane" tabIndex={0} ref={paneRef} onKeyDown={onKeyDown}>
      <PlaybackBar
        origin={range.start}
        stream={stream}
        step={step}
        toStart={() => times.length && seek(lastSample(-1))}
        toEnd={() => times.length && seek(lastSample(1))}
      />
      <TimeAxisContext.Provider value={axis}>
        <div className="timeline-body" ref={bodyRef} onPointerDown={(e) => e.button === 1 && startPan(e)}>
          <div className="timeline-lanes">
            <Ruler times={times} measure={measure} seek={seek} onScrubStart={() => playback.getState().pause()} zoom={zoom} fit={fit} />
            <StreamLanes scene={scene} selected={stream?.id} onSelect={setStreamId} flags={flags} onPanStart={startPan} />
            {/* waveform and time segments per audio sensor (src/views/audio) */}
            <AudioLanes scene={scene} />
            <TimeLabelLanes scene={scene} times={times} range={shown} selected={selected} onSelect={selectLabel} draft={draft} setDraft={setDraft} />
            <TrackLanes scene={scene} bars={bars} colorOf={colorOf} onPanStart={startPan} />
            <Playhead />
          </div>
        </div>
      </TimeAxisContext.Provider>
    </div>
  );
}
