/**
 * Play a time selection of an audio clip, once or looped: a Web Audio AudioBufferSourceNode on the
 * decoded buffer (`start(when, offset, duration)`, or `loop` with `loopStart`/`loopEnd` in file
 * seconds). While it plays, the store's playhead follows the sound (every view shows the frame
 * being heard); the timeline's own playback is paused first. One selection plays at a time.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { usePlaybackStore } from '../../hooks/playback';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { clipFileTime, type AudioClip } from './useAudioClips';

let shared: AudioContext | null = null;
/** The page's AudioContext, created on first use (a user gesture) and resumed if the browser suspended it. */
function audioContext(): AudioContext {
  shared ??= new AudioContext();
  if (shared.state === 'suspended') void shared.resume();
  return shared;
}

export interface SelectionPlayer {
  playing: boolean;
  play(clip: AudioClip, start: number, end: number, loop: boolean): void;
  stop(): void;
}

export function useSelectionPlayer(): SelectionPlayer {
  const store = useWorkbenchStore();
  const playback = usePlaybackStore();
  const [playing, setPlaying] = useState(false);
  const node = useRef<{ src: AudioBufferSourceNode; raf: number } | null>(null);

  const stop = useCallback(() => {
    const n = node.current;
    node.current = null;
    if (n) {
      cancelAnimationFrame(n.raf);
      n.src.onended = null;
      try {
        n.src.stop();
      } catch {
        // already stopped
      }
    }
    setPlaying(false);
  }, []);

  const play = useCallback(
    (clip: AudioClip, start: number, end: number, loop: boolean) => {
      stop();
      const a = clip.audio;
      if (!a || !(end > start)) return;
      playback.getState().pause();
      const ctx = audioContext();
      const src = ctx.createBufferSource();
      src.buffer = a.buffer;
      src.connect(ctx.destination);
      const from = Math.max(0, clipFileTime(clip, start));
      const to = Math.min(a.duration, clipFileTime(clip, end));
      if (loop) {
        src.loop = true;
        src.loopStart = from;
        src.loopEnd = to;
        src.start(0, from);
      } else src.start(0, from, to - from);
      const t0 = ctx.currentTime;
      const len = to - from;
      const follow = () => {
        const played = ctx.currentTime - t0;
        const at = loop ? played % len : Math.min(played, len);
        store.getState().setPlayhead(start + at * clip.scale);
        if (node.current?.src === src) node.current.raf = requestAnimationFrame(follow);
      };
      node.current = { src, raf: requestAnimationFrame(follow) };
      src.onended = () => {
        if (node.current?.src !== src) return;
        cancelAnimationFrame(node.current.raf);
        node.current = null;
        store.getState().setPlayhead(end);
        setPlaying(false);
      };
      setPlaying(true);
    },
    [playback, stop, store],
  );

  // the timeline starting playback stops the selection
  useEffect(() => playback.subscribe((s) => s.playing && node.current && stop()), [playback, stop]);
  useEffect(() => stop, [stop]);
  return { playing, play, stop };
}
