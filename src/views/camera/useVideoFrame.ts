/**
 * The video element of a video sensor's tab, kept on the frame the store's playhead asks for.
 *
 * Why an HTMLVideoElement and not WebCodecs: WebCodecs needs the encoded chunks, i.e. a WebM/MP4
 * demuxer in the app (none is a dependency); the element demuxes and decodes natively (hardware
 * where there is some) and `requestVideoFrameCallback` reports, for every frame it presents, the
 * frame's own `mediaTime` (its PTS from the container). So the pane seeks to a time inside the
 * wanted frame's PTS interval (videoFrames.ts) and then knows, from the decoder's side, which frame
 * is on screen: `shownPts` (exposed as `data-video-pts`), compared with the wanted `pts`.
 *
 * Paused (or playing in reverse): every playhead change seeks to the frame at or before it.
 * Playing forward: the element plays natively at the playback rate (smooth, no seek per frame) and
 * follows the store's playhead, which stays the truth: when the element drifts more than
 * `MAX_DRIFT` from the media time the playhead implies, it is re-seeked there. When playback
 * stops, the element pauses and seeks to the exact frame again.
 *
 * Decode failure (a codec the browser lacks, e.g. MPEG-1; a corrupt file): `error` names the file
 * and the problem; the pane shows it in place of the frame and every other view keeps working.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { videoDecodeErrorMessage } from '../../core/audio/mediaChecks';
import { localFileOf } from '../../hooks/media';
import { usePlayback } from '../../hooks/playback';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { fileNameOf, type VideoTarget } from './videoFrames';

/** Largest tolerated difference (s) between the playing element and the playhead before a re-seek. */
export const MAX_DRIFT = 0.12;

export interface VideoFrameState {
  /** Ref callback for the <video> element. */
  ref: (el: HTMLVideoElement | null) => void;
  /** The element's source URL (null: the file is not available in this session). */
  url: string | null;
  /** PTS (media s) of the frame the browser presented last (requestVideoFrameCallback), null before the first. */
  shownPts: number | null;
  /** The file's own size once its metadata loaded. */
  natural: { width: number; height: number } | null;
  /** A message naming the file when it cannot be played. */
  error: string | null;
}

/** The first bytes of a media URI (to name the real container in a decode error), or undefined. */
async function headerOf(uri: string | undefined, url: string | null): Promise<Uint8Array | undefined> {
  try {
    const local = uri ? localFileOf(uri) : undefined;
    if (local) return new Uint8Array(await local.slice(0, 256).arrayBuffer());
    if (!url) return undefined;
    const res = await fetch(url, { headers: { Range: 'bytes=0-255' } });
    return res.ok ? new Uint8Array(await res.arrayBuffer()).slice(0, 256) : undefined;
  } catch {
    return undefined;
  }
}

type RvfcVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

export function useVideoFrame(target: VideoTarget | null, url: string | null): VideoFrameState {
  const store = useWorkbenchStore();
  const playing = usePlayback((s) => s.playing && s.direction > 0);
  const rate = usePlayback((s) => s.rate);
  const [el, setEl] = useState<RvfcVideo | null>(null);
  const [shownPts, setShownPts] = useState<number | null>(null);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const uri = target?.sample.uri;
  const fileRef = useRef({ file: fileNameOf(uri), uri, url });
  fileRef.current = { file: fileNameOf(uri), uri, url };

  // a new file: forget what the old one showed
  useEffect(() => {
    setShownPts(null);
    setNatural(null);
    setError(null);
  }, [url]);

  // presented frames, errors and the file's size
  useEffect(() => {
    if (!el) return;
    let id = 0;
    const onFrame = (_now: number, meta: { mediaTime: number }) => {
      setShownPts(meta.mediaTime);
      id = el.requestVideoFrameCallback?.(onFrame) ?? 0;
    };
    id = el.requestVideoFrameCallback?.(onFrame) ?? 0;
    // without requestVideoFrameCallback (not Chromium): the seeked position is the best we know
    const onSeeked = () => {
      if (!el.requestVideoFrameCallback) setShownPts(el.currentTime);
    };
    const onError = () => {
      const { file, uri: u, url: src } = fileRef.current;
      const err = el.error ? { code: el.error.code, message: el.error.message } : null;
      setError(videoDecodeErrorMessage(file, err));
      // name the real container once its first bytes are read (an .mpg that is MPEG-1, a .webm that is not)
      void headerOf(u, src).then((head) => head && fileRef.current.url === src && setError(videoDecodeErrorMessage(file, err, head)));
    };
    const onMeta = () => setNatural(el.videoWidth && el.videoHeight ? { width: el.videoWidth, height: el.videoHeight } : null);
    el.addEventListener('seeked', onSeeked);
    el.addEventListener('error', onError);
    el.addEventListener('loadedmetadata', onMeta);
    if (el.error) onError();
    return () => {
      el.cancelVideoFrameCallback?.(id);
      el.removeEventListener('seeked', onSeeked);
      el.removeEventListener('error', onError);
      el.removeEventListener('loadedmetadata', onMeta);
    };
  }, [el]);

  // follow the playhead
  const pts = target?.pts;
  const seekTo = target?.seekTo;
  useEffect(() => {
    if (!el || seekTo === undefined || error) return;
    if (!playing) {
      if (!el.paused) el.pause();
      if (Math.abs(el.currentTime - seekTo) > 1e-6) el.currentTime = seekTo;
      return;
    }
    el.playbackRate = rate;
    const want = target ? target.mediaAt(store.getState().live.playhead) : seekTo;
    if (el.paused) {
      el.currentTime = want;
      el.play().catch(() => undefined); // muted: allowed without a gesture; a refusal leaves it seeking per frame
    } else if (Math.abs(el.currentTime - want) > MAX_DRIFT * rate) el.currentTime = want;
    // `target` is a new object at every render; its pts/seekTo are what matter
  }, [el, pts, seekTo, playing, rate, error, store]);

  const ref = useCallback((v: HTMLVideoElement | null) => setEl(v as RvfcVideo | null), []);
  return { ref, url, shownPts, natural, error };
}
