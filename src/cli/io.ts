/**
 * CLI conventions: JSON on stdout, human messages and errors on stderr, non-zero exit on failure,
 * nothing half-written (outputs go to a temp file that is renamed into place).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { parseSceneJson, SceneValidationError, type Scene } from '../core/schema';
import { dirname } from 'node:path';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

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
  mkdirSync(dirname(path) || '.', { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Minimal flag parser: `--name value`, `--flag`, positionals. */
export function parseArgs(args: string[], booleanFlags: string[] = []): { positionals: string[]; flags: Record<string, string | true> } {
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
  return { positionals, flags };
}

export const flagString = (flags: Record<string, string | true>, name: string): string | undefined => {
  const v = flags[name];
  if (v === true) throw new CliError(`--${name} needs a value`, 2);
  return v;
};

/**
 * Read and validate a scene document for a command. Unreadable files and schema errors become a
 * CliError naming the file (schema errors with their JSON paths), with `exitCode`.
 */
export function readSceneFile(file: string, exitCode = 2): Scene {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${file}: cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, exitCode);
  }
  try {
    return parseSceneJson(text, file);
  } catch (e) {
    if (e instanceof SceneValidationError) throw new CliError(e.message, exitCode);
    throw new CliError(`${file}: ${(e as Error).message}`, exitCode);
  }
}
