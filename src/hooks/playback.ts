/**
 * React access to playback (src/store/playback.ts): the controller of this workbench store and
 * `usePlayback(selector)` for `playing`, `rate`, `direction`. Views that play media natively (a
 * video element) follow `playing` / `rate` / `direction`, and keep the store's playhead the truth.
 */
import { useStore } from 'zustand';
import { playbackOf, type PlaybackState, type PlaybackStore } from '../store/playback';
import { useWorkbenchStore } from './storeContext';

export function usePlaybackStore(): PlaybackStore {
  return playbackOf(useWorkbenchStore());
}

export function usePlayback<T>(selector: (s: PlaybackState) => T): T {
  return useStore(usePlaybackStore(), selector);
}
