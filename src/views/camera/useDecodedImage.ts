/**
 * Frame switching without a blank flash: images are fetched and decoded off the main thread
 * (HTMLImageElement.decode) before they are shown; until the new frame is decoded the previous one
 * stays on screen. The previous and next frames are decoded ahead (a small LRU of decoded images).
 */
import { useEffect, useState } from 'react';

const MAX = 8;
const decoded = new Map<string, Promise<string>>();

export function decodeImage(url: string): Promise<string> {
  const hit = decoded.get(url);
  if (hit) {
    decoded.delete(url);
    decoded.set(url, hit);
    return hit;
  }
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  const p = img.decode().then(() => url);
  p.catch(() => decoded.delete(url));
  decoded.set(url, p);
  while (decoded.size > MAX) decoded.delete(decoded.keys().next().value as string);
  return p;
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
    decodeImage(url).then(
      (u) => live && setShown(u),
      () => live && setShown(url), // let the <image> element report the error
    );
    return () => {
      live = false;
    };
  }, [url]);
  const key = neighbours.join('|');
  useEffect(() => {
    for (const n of key.split('|')) if (n) decodeImage(n).catch(() => undefined);
  }, [key]);
  return shown;
}
