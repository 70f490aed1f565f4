/**
 * Frame switching without a blank flash: images are fetched and decoded off the main thread
 * (HTMLImageElement.decode) before they are shown; until the new frame is decoded the previous one
 * stays on screen. The previous and next frames are decoded ahead.
 *
 * The decoded images are held in a byte-bounded LRU (src/hooks/frameCaches.ts, budget
 * `decodedImages`, width × height × 4 bytes each): holding the decoded <img> is what keeps its
 * pixels ready, and an evicted one lets them go (its `src` is cleared). The image on screen and the
 * one wanted next are pinned, so a burst of prefetches never evicts them.
 */
import { useEffect, useState } from 'react';
import { frameCache } from '../../hooks/frameCaches';

interface Decoded {
  img: HTMLImageElement;
  ready: Promise<string>;
}

const decoded = frameCache<string, Decoded>('decodedImages');

const release = (d: Decoded) => {
  d.img.removeAttribute('src');
};

export function decodeImage(url: string): Promise<string> {
  const hit = decoded.get(url);
  if (hit) return hit.ready;
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  const entry: Decoded = { img, ready: img.decode().then(() => url) };
  decoded.set(url, entry, 0, release);
  entry.ready.then(
    () => decoded.peek(url) === entry && decoded.resize(url, img.naturalWidth * img.naturalHeight * 4),
    () => decoded.peek(url) === entry && decoded.delete(url),
  );
  return entry.ready;
}

/** The URL to show: `url` once decoded, the previous one until then. Prefetches `neighbours`. */
export function useDecodedImage(url: string | null, neighbours: (string | null)[]): string | null {
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (!url) {
      setShown(null);
      return;
    }
    const unpin = decoded.pin(url);
    decodeImage(url).then(
      (u) => live && setShown(u),
      () => live && setShown(url), // let the <image> element report the error
    );
    return () => {
      live = false;
      unpin();
    };
  }, [url]);
  useEffect(() => (shown ? decoded.pin(shown) : undefined), [shown]);
  const key = neighbours.join('|');
  useEffect(() => {
    for (const n of key.split('|')) if (n) decodeImage(n).catch(() => undefined);
  }, [key]);
  return shown;
}
