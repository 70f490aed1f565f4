/**
 * Text and JSON inputs read the same way by every command: the bytes must be UTF-8 (a binary file is
 * named as one, with the offset and value of its first bad byte, never echoed), and invalid JSON is
 * reported by line and column with what was found there. V8's own JSON.parse message quotes the
 * surrounding text, which for a PNG named .json is raw binary and for a minified file a huge line,
 * so it is not shown: `jsonSyntaxError` finds the place itself.
 */
import { readFileSync } from 'node:fs';
import { EXIT, fileError } from '../errors';

/** Offset of the first byte that is not well-formed UTF-8 (overlongs, surrogates, > U+10FFFF included), or -1. */
export function firstNonUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // continuation bytes after the lead, and the smallest code point that needs them (no overlongs)
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0) return i;
    const min = [0, 0x80, 0x800, 0x10000][n];
    if (i + n >= b.length) return i; // cut short by the end of the file
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** A character as a message may show it: a visible ASCII character quoted, anything else as U+XXXX. */
export function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const cp = text.codePointAt(offset)!;
  if (cp >= 0x21 && cp <= 0x7e) return JSON.stringify(String.fromCodePoint(cp));
  const names: Record<number, string> = { 0x20: 'a space', 0x09: 'a tab', 0x0a: 'a line break', 0x0d: 'a carriage return' };
  return names[cp] ?? `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  problem: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The first syntax error in `text` as JSON (RFC 8259), or undefined when it is valid. Iterative (an
 * explicit stack), so deep nesting cannot overflow; linear in the text.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (problem: string, at = i): JsonSyntaxError => ({ offset: at, ...lineColumn(text, at), problem: `${problem}, found ${describeChar(text, at)}` });
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  /** Scan a string starting at the quote; undefined when well-formed. */
  const string = (): JsonSyntaxError | undefined => {
    const open = i++;
    for (;;) {
      if (i >= text.length) return fail(`unterminated string (opened at column ${lineColumn(text, open).column} of line ${lineColumn(text, open).line})`);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return fail('control character inside a string (escape it)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('bad \\u escape (expected 4 hex digits)', i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail('bad escape in a string', i + 1);
      } else i++;
    }
  };
  // what comes next: a value; after a value in an array / object; a key in an object
  const stack: ('[' | '{')[] = [];
  let expect: 'value' | 'after' | 'key' | 'key-or-end' | 'value-or-end' = 'value';
  for (;;) {
    ws();
    const c = text[i];
    if (expect === 'value' || expect === 'value-or-end') {
      if (expect === 'value-or-end' && c === ']') {
        stack.pop();
        i++;
        expect = 'after';
        continue;
      }
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        expect = c === '{' ? 'key-or-end' : 'value-or-end';
      } else if (c === '"') {
        const err = string();
        if (err) return err;
        expect = 'after';
      } else if (c === 't' || c === 'f' || c === 'n') {
        const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
        if (!text.startsWith(word, i)) return fail('expected a value');
        i += word.length;
        expect = 'after';
      } else {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m) return fail('expected a value');
        i += m[0].length;
        expect = 'after';
      }
      continue;
    }
    if (expect === 'key' || expect === 'key-or-end') {
      if (expect === 'key-or-end' && c === '}') {
        stack.pop();
        i++;
        expect = 'after';
        continue;
      }
      if (c !== '"') return fail('expected a property name in double quotes');
      const err = string();
      if (err) return err;
      ws();
      if (text[i] !== ':') return fail(`expected ':' after a property name`);
      i++;
      expect = 'value';
      continue;
    }
    // after a value
    const top = stack.at(-1);
    if (top === undefined) return i < text.length ? fail('unexpected text after the JSON value') : undefined;
    const close = top === '[' ? ']' : '}';
    if (c !== ',' && c !== close) return fail(`expected ',' or '${close}'`);
    if (c === close) stack.pop();
    i++;
    expect = c === ',' ? (top === '[' ? 'value' : 'key') : 'after';
  }
}

/** Magic numbers of binary files people name .json / .txt by mistake, for the message. */
const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x1f, 0x8b], 'gzip data'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF file (WAV, AVI, WebP)'],
];

/** What the bytes look like, when a magic number says. */
export const binaryKind = (b: Uint8Array): string | undefined => MAGIC.find(([m]) => m.every((x, k) => b[k] === x))?.[1];

/**
 * Read `file` as UTF-8 text (a leading byte-order mark dropped). Unreadable or not UTF-8: a CliError
 * naming the file (and the line of the first bad byte), exit 2; `hint` is added to the latter.
 */
export function readTextFile(file: string, hint?: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fileError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read file (${code ?? (e as Error).message})`);
  }
  const bad = firstNonUtf8(bytes);
  if (bad >= 0) {
    let line = 1;
    for (let k = 0; k < bad; k++) if (bytes[k] === 0x0a) line++;
    const kind = binaryKind(bytes);
    const problem = `not UTF-8 text: byte 0x${bytes[bad].toString(16).padStart(2, '0')} at offset ${bad} (${kind ? `looks like ${kind}` : 'a binary file?'})${hint ? `; ${hint}` : ''}`;
    throw fileError(file, problem, EXIT.input, `line ${line}`);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** `text` parsed as JSON; a syntax error becomes a CliError `<file>: line N: invalid JSON at column C: …`, exit 2. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const err = jsonSyntaxError(text);
    if (err) throw fileError(file, `invalid JSON at column ${err.column}: ${err.problem}`, EXIT.input, `line ${err.line}`);
    // valid syntax that JSON.parse still refused (e.g. out of memory): its message without the quoted text
    throw fileError(file, `cannot parse JSON: ${(e as Error).message.replace(/,? ?".*" is not valid JSON$/s, '')}`);
  }
}

/** Read and parse a JSON file (UTF-8, then JSON), every failure naming the file and place, exit 2. */
export const readJsonFile = (file: string): unknown => parseJsonText(readTextFile(file), file);
