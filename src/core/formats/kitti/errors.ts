import { printable } from '../printable';

/** Errors raised by the KITTI readers: they always name the file, and the line and key where known. */
export class KittiFormatError extends Error {
  constructor(
    /** The file (relative path or name) that is malformed. */
    readonly file: string,
    readonly problem: string,
    /** 1-based line number, when the problem is on one line. */
    readonly line?: number,
    /** Calibration key or label column involved, when there is one. */
    readonly key?: string,
  ) {
    super(printable(`${file}${line !== undefined ? `:${line}` : ''}: ${key !== undefined ? `${key}: ` : ''}${problem}`));
    this.name = 'KittiFormatError';
  }
}
