/**
 * A small frame graph: resolves the chain of transforms between any two frames of a scene
 * (e.g. velodyne → camera_0 → camera_0_rect → camera_2 for KITTI, lidar → ego → camera for nuScenes).
 * Edges come from the sensors' extrinsics and `scene.transforms`; the per-sample `transforms` of
 * the samples passed in override edges between the same two frames (in either direction).
 */
import type { Sample, Scene, Transform } from '../schema';
import { compose, fromSchemaTransform, invertTransform, nameOf, type FrameTransform } from './transform';

const key = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export class FrameGraph {
  /** Undirected edge key → the stored transform (in its own direction). */
  private readonly edges = new Map<string, FrameTransform>();
  private readonly adjacency = new Map<string, Set<string>>();

  constructor(transforms: Iterable<FrameTransform> = []) {
    for (const t of transforms) this.set(t);
  }

  /** Build from a scene: sensor extrinsics, then `scene.transforms`, then each sample's overrides (later wins). */
  static fromScene(scene: Pick<Scene, 'sensors' | 'transforms'>, samples: readonly Pick<Sample, 'transforms'>[] = []): FrameGraph {
    const g = new FrameGraph();
    const add = (t: Transform, where: string): void => {
      try {
        g.set(fromSchemaTransform(t));
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`);
      }
    };
    for (const s of scene.sensors) if ((s.kind === 'camera' || s.kind === 'lidar') && s.extrinsics) add(s.extrinsics, `sensor "${s.id}" extrinsics`);
    (scene.transforms ?? []).forEach((t, i) => add(t, `scene.transforms[${i}]`));
    for (const s of samples) s.transforms?.forEach((t, i) => add(t, `sample transforms[${i}]`));
    return g;
  }

  /** Add or replace the edge between `t.from` and `t.to`. */
  set(t: FrameTransform): void {
    this.edges.set(key(t.from, t.to), t);
    for (const [a, b] of [[t.from, t.to], [t.to, t.from]]) {
      const s = this.adjacency.get(a) ?? new Set<string>();
      s.add(b);
      this.adjacency.set(a, s);
    }
  }

  get frames(): string[] {
    return [...this.adjacency.keys()].sort();
  }

  /** True when a chain from `from` to `to` exists. */
  has(from: string, to: string): boolean {
    return from === to || this.path(from, to) !== undefined;
  }

  /**
   * T_to_from_from: maps points in `from` into `to`. Breadth-first, so the shortest chain wins.
   * Throws an error naming both frames (and the frames that are known) when no chain exists.
   */
  resolve(from: string, to: string): FrameTransform {
    if (from === to) return { from, to, m: new Float64Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]) };
    const path = this.path(from, to);
    if (!path) {
      const known = this.frames;
      throw new Error(`no chain of transforms from frame "${from}" to frame "${to}" (known frames: ${known.length ? known.join(', ') : 'none'})`);
    }
    let acc: FrameTransform | undefined;
    for (let i = 0; i + 1 < path.length; i++) {
      const a = path[i], b = path[i + 1];
      const e = this.edges.get(key(a, b))!;
      const step = e.from === a ? e : invertTransform(e);
      acc = acc ? compose(step, acc) : step;
    }
    return acc!;
  }

  private path(from: string, to: string): string[] | undefined {
    if (!this.adjacency.has(from) || !this.adjacency.has(to)) return undefined;
    const prev = new Map<string, string>([[from, from]]);
    const queue = [from];
    while (queue.length) {
      const a = queue.shift()!;
      if (a === to) break;
      for (const b of this.adjacency.get(a)!) {
        if (prev.has(b)) continue;
        prev.set(b, a);
        queue.push(b);
      }
    }
    if (!prev.has(to)) return undefined;
    const out = [to];
    while (out[0] !== from) out.unshift(prev.get(out[0])!);
    return out;
  }
}

export { nameOf };
