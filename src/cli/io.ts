/**
 * CLI conventions: JSON on stdout, human messages and errors on stderr, exit codes and the error
 * form of errors.ts (0 ok, 1 findings or a failed operation, 2 bad usage or unreadable input),
 * nothing half-written (outputs go to a temp file that is renamed into place).
 */
import { mkdirSync, renameSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { DEFAULT_LIMITS, oversizeMessage, parseLimitsSpec, type ImportLimits } from '../core/limits';
import { SceneValidationError, validateScene, type Scene } from '../core/schema';
import { basename, dirname, join } from 'node:path';
import { CliError, EXIT, fileError, readerError, usageError } from './errors';
import { parseJsonText, readTextFile } from './lib/textInput';

export { CliError, EXIT, fileError, usageError } from './errors';

export interface CliCommand {
  /** One line for `--help`. */
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

export const printJson = (value: unknown): void => {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
};

export const info = (message: string): void => {
  process.stderr.write(message + '\n');
};

/** Write a file atomically: temp file in the same folder, then rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  // a dot-file beside the target: same file system (rename is atomic), and no reader globbing *.json sees it
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    mkdirSync(dirname(path) || '.', { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is not there (ENOTDIR): no temp file was made either
    }
    const code = (e as NodeJS.ErrnoException).code;
    // mkdir says EEXIST, a write below a file ENOTDIR: both mean a file is where a folder should be
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'ENOTDIR: a file stands where a folder of the path should be' : (code ?? (e as Error).message);
    throw fileError(path, `cannot write (${why})`, EXIT.failed);
  }
}

/**
 * Minimal flag parser: `--name value`, `--flag`, positionals. With `valueFlags`, any option that is
 * neither one of them nor a boolean flag is a usage error (exit 2).
 */
export function parseArgs(args: string[], booleanFlags: string[] = [], valueFlags?: string[]): { positionals: string[]; flags: Record<string, string | true> } {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (booleanFlags.includes(a.slice(2)) || i + 1 >= args.length || args[i + 1].startsWith('--')) flags[a.slice(2)] = true;
      else flags[a.slice(2)] = args[++i];
    } else positionals.push(a);
  }
  if (valueFlags) {
    const unknown = Object.keys(flags).filter((f) => !booleanFlags.includes(f) && !valueFlags.includes(f));
    if (unknown.length) throw usageError(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `--${f}`).join(', ')}`);
    for (const f of booleanFlags) if (typeof flags[f] === 'string') throw usageError(`--${f} takes no value (got "--${f}=${flags[f]}")`);
  }
  return { positionals, flags };
}

export const flagString = (flags: Record<string, string | true>, name: string): string | undefined => {
  const v = flags[name];
  if (v === true) throw usageError(`--${name} needs a value`);
  return v;
};

/**
 * The CLI's file size limits (src/core/limits.ts): the defaults, or the CROSSLABEL_LIMITS
 * environment variable — one size for every kind (`512MB`) or per kind
 * (`labels=64MB,pointcloud=2GB,image=…,video=…,audio=…`). A bad value is a usage error (exit 2).
 */
export function cliLimits(env: Record<string, string | undefined> = process.env): ImportLimits {
  const spec = env.CROSSLABEL_LIMITS;
  if (!spec) return DEFAULT_LIMITS;
  try {
    return parseLimitsSpec(spec);
  } catch (e) {
    throw usageError(`CROSSLABEL_LIMITS: ${(e as Error).message}`);
  }
}

/**
 * `--limits <spec>` anywhere on a command line: taken out of `argv` and set as CROSSLABEL_LIMITS
 * (checked at once), so every read of the command obeys it. Returns the remaining arguments.
 */
export function takeLimitsFlag(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a !== '--limits' && !a.startsWith('--limits=')) {
      out.push(a);
      continue;
    }
    const spec = a === '--limits' ? argv[++i] : a.slice('--limits='.length);
    if (spec === undefined || spec.startsWith('--')) throw usageError('--limits needs a value, e.g. --limits labels=64MB,pointcloud=2GB');
    cliLimits({ CROSSLABEL_LIMITS: spec });
    process.env.CROSSLABEL_LIMITS = spec;
  }
  return out;
}

/**
 * Refuse `file` when it is over its kind's size limit — from fs.stat, before a byte is read — with
 * a CliError `<file>: <size> is over the <limit> limit for …`, exit 2. A file that cannot be
 * stat'ed passes: the read that follows says why.
 */
export function checkFileSize(file: string, limits: ImportLimits = cliLimits()): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  const refused = oversizeMessage(file, size, limits);
  if (refused) throw fileError(file, `${refused.slice(file.length + 2)} (raise it with --limits or CROSSLABEL_LIMITS, e.g. labels=1GB)`);
}

/**
 * Read and validate a scene document for a command (after migration). Unreadable files, binary
 * files, invalid JSON and schema errors become a CliError naming the file and the line or JSON
 * path, exit 2.
 */
export function readSceneFile(file: string): Scene {
  checkFileSize(file);
  const value = parseJsonText(readTextFile(file, 'a scene is JSON text'), file);
  const r = validateScene(value);
  if (!r.ok) throw readerError(new SceneValidationError(file, r.issues)) as CliError;
  return r.scene;
}
