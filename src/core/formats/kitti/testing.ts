/** Test helpers: read the bundled KITTI demo frames and the malformed fixtures (Node only; used by *.test.ts). */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { KittiSource } from './import';

export const REPO_ROOT = new URL('../../../../', import.meta.url).pathname;
export const DEMO_DIR = join(REPO_ROOT, 'public/demo/kitti');
export const MALFORMED_DIR = join(REPO_ROOT, 'fixtures/kitti-malformed');
export const DEMO_FRAMES = ['000000', '000001', '000002'];

export const demoText = (rel: string): string => readFileSync(join(DEMO_DIR, rel), 'utf8');
export const malformedText = (rel: string): string => readFileSync(join(MALFORMED_DIR, rel), 'utf8');

/** Every file under `dir`, as paths relative to `dir`. */
export function walk(dir: string): string[] {
  const out: string[] = [];
  const rec = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) rec(p);
      else out.push(relative(dir, p));
    }
  };
  rec(dir);
  return out.sort();
}

/**
 * An in-memory KittiSource: `files` maps relative paths to text (or a byte length for binaries);
 * by default the demo frames' real files under `prefix`.
 */
export function memorySource(name: string, files: Record<string, string | number>): KittiSource {
  return {
    name,
    files: Object.keys(files),
    readText: async (p) => {
      const v = files[p];
      if (typeof v !== 'string') throw new Error(`${p}: not a text file in this test source`);
      return v;
    },
    byteLength: async (p) => {
      const v = files[p];
      return typeof v === 'number' ? v : new TextEncoder().encode(v ?? '').length;
    },
  };
}

/** The demo frames as a memory source; `prefix` places them e.g. under 'training/'. */
export function demoFiles(prefix = '', frames = DEMO_FRAMES): Record<string, string | number> {
  const files: Record<string, string | number> = {};
  for (const f of frames) {
    files[`${prefix}calib/${f}.txt`] = demoText(`calib/${f}.txt`);
    files[`${prefix}label_2/${f}.txt`] = demoText(`label_2/${f}.txt`);
    files[`${prefix}image_2/${f}.png`] = statSync(join(DEMO_DIR, `image_2/${f}.png`)).size;
    files[`${prefix}velodyne/${f}.bin`] = statSync(join(DEMO_DIR, `velodyne/${f}.bin`)).size;
  }
  return files;
}
