/**
 * How the CLI reports a failure: one form on stderr for every command, and one exit-code convention.
 *
 *   <file>: <JSON path or line N>: <problem>     a problem in an input (or output) file
 *   <file>: <problem>                            a problem with the file as a whole
 *   cli: <problem>                               bad usage (unknown command or option, missing argument)
 *
 * Exit codes (EXIT): 0 ok; 1 findings (validate, validate-schema, sync) or a failed operation
 * (an export the format refuses, the server refusing, a write failing); 2 bad usage or unreadable
 * input (missing file, not UTF-8, not parseable, invalid against its schema).
 *
 * Reader errors from src/core carry their file and place as fields (KITTI, MOT, RTTM, WebVTT, SRT,
 * STM, Whisper: line; COCO: JSON path; scene / bundle / OpenLABEL validation: a list of issues with
 * JSON paths): `locate` turns them into lines of that form, so a command may let them propagate.
 * Every line printed is made printable (no raw control or undecodable bytes from a binary file) and
 * cut to a bounded length: messages quote the files they reject.
 */
import { printable } from '../core/formats/printable';

export const EXIT = { ok: 0, findings: 1, failed: 1, usage: 2, input: 2 } as const;

export interface ErrorLine {
  file: string;
  /** `line N` or a JSON path (`$.objects["3"].type`); absent for the file as a whole. */
  where?: string;
  problem: string;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
    /** The located problems this message stands for, printed one per line; usage errors have none. */
    readonly lines?: ErrorLine[],
    /** A usage error: printed as `cli: <message>`. */
    readonly usage = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad usage: `cli: <problem>`, exit 2. */
export const usageError = (problem: string): CliError => new CliError(problem, EXIT.usage, undefined, true);

/** A problem in a file: `<file>: [<where>: ]<problem>`; exit 2 (unreadable input) unless told. */
export const fileError = (file: string, problem: string, exitCode: number = EXIT.input, where?: string): CliError =>
  new CliError(`${file}: ${where ? `${where}: ` : ''}${problem}`, exitCode, [{ file, where, problem }]);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The located lines of a reader error from src/core, by the fields its class carries, or undefined
 * for an error that carries none (a message is then printed as it is).
 */
export function locate(e: unknown): ErrorLine[] | undefined {
  if (e instanceof CliError) return e.lines;
  if (!(e instanceof Error)) return undefined;
  const x = e as unknown as Record<string, unknown>;
  const file = str(x.file) ?? str(x.source) ?? str(x.fileName);
  if (file === undefined) return undefined;
  if (Array.isArray(x.issues)) {
    const issues = x.issues as { path?: unknown; message?: unknown }[];
    return issues.map((i) => ({ file, where: str(i.path), problem: str(i.message) ?? String(i.message) }));
  }
  const problem = str(x.problem);
  if (problem === undefined) return undefined;
  const key = str(x.key);
  const where = typeof x.line === 'number' && x.line > 0 ? `line ${x.line}` : str(x.path);
  return [{ file, where, problem: key ? `${key}: ${problem}` : problem }];
}

/** A reader error as a CliError (exit 2 unless told), its file renamed by `rename` (e.g. re-anchored under a folder). */
export function readerError(e: unknown, exitCode: number = EXIT.input, rename: (file: string) => string = (f) => f): CliError | undefined {
  const lines = locate(e);
  if (!lines) return undefined;
  const renamed = lines.map((l) => ({ ...l, file: rename(l.file) }));
  return new CliError(renamed.map(formatLine).join('\n'), exitCode, renamed);
}

export const formatLine = (l: ErrorLine): string => `${l.file}: ${l.where ? `${l.where}: ` : ''}${l.problem}`;

/** Longest line printed; a reader quoting a huge minified line must not flood the terminal. */
export const MAX_LINE = 400;
/** Most lines printed for one error (schema errors can number thousands). */
export const MAX_LINES = 20;

/**
 * `s` safe to print: control characters, bidi overrides and U+FFFD (what undecodable bytes become)
 * escaped as `\uXXXX`, cut to `max` characters.
 */
export function clean(s: string, max = MAX_LINE): string {
  const t = printable(s).replace(/[\ufffd\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\n]/g, (c) => (c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return t.length > max ? `${t.slice(0, max)}… (${t.length - max} more characters)` : t;
}

/** What main prints for a failure, and the exit code. */
export function renderError(e: unknown): { text: string; exitCode: number } {
  const lines = locate(e);
  let out: string[];
  let exitCode: number;
  if (e instanceof CliError) {
    exitCode = e.exitCode;
    out = e.usage ? e.message.split('\n').map((l, i) => (i === 0 ? `cli: ${l}` : l)) : lines ? lines.map(formatLine) : e.message.split('\n');
  } else if (lines) {
    // a reader error no command caught: still an unreadable input
    exitCode = EXIT.input;
    out = lines.map(formatLine);
  } else {
    exitCode = EXIT.failed;
    out = [`cli: ${e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e)}`];
  }
  // a usage message is ours and whole; a file's problems are capped
  const cap = e instanceof CliError && e.usage ? out.length : MAX_LINES;
  const shown = out.slice(0, cap).map((l) => clean(l));
  if (out.length > cap) shown.push(`… ${out.length - cap} more`);
  return { text: shown.join('\n') + '\n', exitCode };
}
