import { printable } from '../printable';

/** Errors raised by the COCO and SAM readers: they always name the file, and the JSON path where known. */
export class CocoFormatError extends Error {
  constructor(
    /** The file (relative path or name) that is malformed. */
    readonly file: string,
    readonly problem: string,
    /** JSON path of the offending value, e.g. `annotations[3].bbox`. */
    readonly path?: string,
  ) {
    super(printable(`${file}${path ? ` at ${path}` : ''}: ${problem}`));
    this.name = 'CocoFormatError';
  }
}

/** Format a zod-style path (`['annotations', 3, 'bbox']`) as `annotations[3].bbox`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}
