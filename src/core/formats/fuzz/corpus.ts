/**
 * Seed files for the fuzz targets: real files from fixtures/ and public/demo/ (read from the
 * repository with node:fs, so this module is for Node: the fuzz script and the tests), plus a few
 * built in memory where the repository has no file of a kind (a binary_compressed PCD small enough
 * to mutate quickly, a PLY with faces before its vertices, MOT tracks, SAM masks, Crosslabel scene /
 * bundle / OpenLABEL documents written by our own exporters).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Seed } from './mutations';

/** The repository root (this file is src/core/formats/fuzz/corpus.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** One file, by path relative to the repository root. */
export function seedFile(rel: string): Seed {
  return { name: rel, bytes: new Uint8Array(readFileSync(join(REPO_ROOT, rel))) };
}

/** Files of `dir` (relative to the root, not recursive) whose names match `pattern`, at most `maxBytes` each, sorted. */
export function seedFiles(dir: string, pattern: RegExp, maxBytes = 200_000): Seed[] {
  const abs = join(REPO_ROOT, dir);
  return readdirSync(abs)
    .filter((f) => pattern.test(f) && statSync(join(abs, f)).isFile() && statSync(join(abs, f)).size <= maxBytes)
    .sort()
    .map((f) => seedFile(relative(REPO_ROOT, join(abs, f)).split('\\').join('/')));
}

/** The first `lines` lines of a text file, as a seed named `<file>#<lines>` (a long real file, cut to mutate quickly). */
export function seedHead(rel: string, lines: number): Seed {
  const text = readFileSync(join(REPO_ROOT, rel), 'latin1');
  const head = text.split('\n').slice(0, lines).join('\n') + '\n';
  return { name: `${rel}#${lines}`, bytes: Uint8Array.from(head, (c) => c.charCodeAt(0)) };
}

const enc = new TextEncoder();
/** A seed built in memory. */
export const seedText = (name: string, text: string): Seed => ({ name, bytes: enc.encode(text) });
