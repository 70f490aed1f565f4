/**
 * The waveform of an audio sensor's clips in the timeline's visible window: a canvas the width of
 * the lane, each clip's visible part asked from its peaks worker at one bucket per pixel (min/max
 * bars) and, zoomed in to one sample per pixel or closer, the samples themselves (a line through
 * them, with a dot per sample once they are 5 px apart). The last picture stays until the new
 * peaks arrive. `data-level` ('minmax' | 'samples') and `data-samples-per-px` tell tests what is drawn.
 */
import { useEffect, useRef, useState } from 'react';
import type { PeaksView } from '../../core/audio/peaks';
import { clipFileTime, clipSceneTime, type AudioClip } from './useAudioClips';

export interface WaveformProps {
  clips: readonly AudioClip[];
  viewStart: number;
  viewEnd: number;
  /** Lane width, CSS px. */
  width: number;
  height: number;
}

interface Piece {
  x0: number;
  clip: AudioClip;
  view: PeaksView;
}

export function Waveform({ clips, viewStart, viewEnd, width, height }: WaveformProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [level, setLevel] = useState<{ kind: string; spp: number } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    let live = true;
    const span = viewEnd - viewStart;
    const x = (t: number) => ((t - viewStart) / span) * width;
    const requests: Promise<Piece | null>[] = [];
    for (const clip of clips) {
      const a = clip.audio;
      if (!a) continue;
      const t0 = Math.max(viewStart, clip.origin);
      const t1 = Math.min(viewEnd, clipSceneTime(clip, a.duration));
      if (t1 <= t0) continue;
      // whole samples covering the visible part, one more on each side so a zoomed-in line reaches the edges
      const s0 = Math.max(0, Math.floor(clipFileTime(clip, t0) * a.sampleRate) - 1);
      const s1 = Math.min(a.mono.length, Math.ceil(clipFileTime(clip, t1) * a.sampleRate) + 1);
      const x0 = x(clipSceneTime(clip, s0 / a.sampleRate));
      const px = Math.max(1, Math.round(x(clipSceneTime(clip, s1 / a.sampleRate)) - x0));
      requests.push(
        a.peaks.view(s0, s1, px).then(
          (view) => ({ x0, clip, view }),
          () => null, // released (a newer decode replaced it): nothing to draw for this clip
        ),
      );
    }
    Promise.all(requests).then((pieces) => {
      if (!live) return;
      draw(canvas, width, height, pieces.filter((p): p is Piece => !!p), x);
      const first = pieces.find((p) => p);
      setLevel(first ? { kind: first.view.kind, spp: first.view.samplesPerPixel } : null);
    });
    return () => {
      live = false;
    };
  }, [clips, viewStart, viewEnd, width, height]);

  return (
    <canvas
      ref={canvasRef}
      className="waveform"
      data-testid="waveform"
      data-level={level?.kind ?? ''}
      data-samples-per-px={level ? level.spp.toPrecision(4) : ''}
      style={{ width, height }}
    />
  );
}

function draw(canvas: HTMLCanvasElement, width: number, height: number, pieces: Piece[], x: (t: number) => number): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const mid = height / 2;
  const amp = height / 2 - 2;
  ctx.strokeStyle = '#2a3442';
  ctx.beginPath();
  ctx.moveTo(0, mid + 0.5);
  ctx.lineTo(width, mid + 0.5);
  ctx.stroke();
  ctx.fillStyle = '#5fb3c9';
  ctx.strokeStyle = '#7fd3e9';
  for (const { x0, clip, view } of pieces) {
    const d = view.data;
    if (view.kind === 'minmax') {
      const w = d.length / 2;
      for (let i = 0; i < w; i++) {
        const lo = d[2 * i], hi = d[2 * i + 1];
        const y0 = mid - hi * amp, y1 = mid - lo * amp;
        ctx.fillRect(x0 + i, y0, 1, Math.max(1, y1 - y0));
      }
      continue;
    }
    // sample level: a line through the samples, dots when they are far apart
    const rate = clip.audio!.sampleRate;
    const xs = (k: number) => x(clipSceneTime(clip, (view.start + k) / rate));
    ctx.beginPath();
    for (let k = 0; k < d.length; k++) {
      const px = xs(k), py = mid - d[k] * amp;
      if (k === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
    if (d.length > 1 && xs(1) - xs(0) >= 5)
      for (let k = 0; k < d.length; k++) {
        ctx.beginPath();
        ctx.arc(xs(k), mid - d[k] * amp, 2, 0, 2 * Math.PI);
        ctx.fill();
      }
  }
}
