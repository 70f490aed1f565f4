/** TEMPORARY: projected boxes arrive with the projection core. */
import type { Box2D } from '../core/schema';
export function useProjectedBoxes(): Map<string, Box2D[]> {
  return new Map();
}
