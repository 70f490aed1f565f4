/** Walk a folder for the CLI's importers (KITTI, nuScenes): files only, dot-folders skipped. */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files under `dir` whose name passes `keep`, down to `maxDepth` folders, relative with '/' separators, sorted. */
export function listFiles(dir: string, keep: (name: string) => boolean = () => true, maxDepth = 4): string[] {
  const out: string[] = [];
  const rec = (d: string, depth: number) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth) rec(p, depth + 1);
      } else if (e.isFile() && keep(e.name)) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  rec(dir, 0);
  return out.sort();
}
