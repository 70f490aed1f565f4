/**
 * Overlay text at screen size: the SVG draws in image pixels, so text there would grow and shrink
 * with the zoom (5–6 px at a four-pane layout, huge zoomed in). A ScreenText is anchored at an
 * image point and counter-scaled by the view's scale (screen px per image px), so its font size,
 * offsets and the CSS halo stroke are all in screen pixels.
 */
import type { ReactNode, SVGProps } from 'react';

/** The font size of overlay labels, in screen pixels. */
export const LABEL_PX = 12;

export interface ScreenTextProps extends Omit<SVGProps<SVGTextElement>, 'x' | 'y' | 'transform' | 'fontSize'> {
  /** Anchor, image pixels. */
  x: number;
  y: number;
  /** Offset from the anchor, screen pixels. */
  dx?: number;
  dy?: number;
  /** Screen pixels per image pixel (usePanZoom's scale). */
  scale: number;
  /** Font size, screen pixels. */
  size?: number;
  children: ReactNode;
}

export function ScreenText({ x, y, dx = 0, dy = 0, scale, size = LABEL_PX, children, ...rest }: ScreenTextProps) {
  return (
    <text transform={`translate(${x} ${y}) scale(${1 / scale})`} x={dx} y={dy} fontSize={size} {...rest}>
      {children}
    </text>
  );
}
