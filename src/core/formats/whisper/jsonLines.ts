/**
 * Line numbers for JSON: JSON.parse says neither where a value is nor (reliably, across engines)
 * where a syntax error is. A small scanner over the text answers both, for error messages only:
 * `lineOfJsonPath(text, ['segments', 3, 'end'])` is the 1-based line where that value starts,
 * `jsonSyntaxError(text)` the line and problem of the first syntax error. Python's bare `NaN`,
 * `Infinity` and `-Infinity` tokens are accepted as values (json.dump writes them).
 */

type Path = readonly (string | number)[];

class Stop {
  constructor(readonly offset: number, readonly problem?: string) {}
}

/** 1-based line of character offset `i`. */
export function lineAt(text: string, i: number): number {
  let line = 1;
  for (let k = 0; k < i && k < text.length; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null', 'NaN', 'Infinity', '-Infinity'];

/** Scan `text`; throws Stop at `target`'s value (no problem) or at the first syntax error (with a problem). */
function scan(text: string, target?: Path): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (problem: string): never => {
    throw new Stop(i, problem);
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('control character inside a string');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) {
      i = start;
      fail('unterminated string');
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('invalid escape in string');
    }
  };
  const value = (depth: number, matching: boolean): void => {
    ws();
    if (matching && target && depth === target.length) throw new Stop(i);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a property name in double quotes');
        const key = str();
        ws();
        if (text[i] !== ':') fail(`expected ":" after property name ${JSON.stringify(key)}`);
        i++;
        value(depth + 1, matching && !!target && depth < target.length && target[depth] === key);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail('expected "," or "}" after a property value');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let k = 0; ; k++) {
        value(depth + 1, matching && !!target && depth < target.length && target[depth] === k);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail('expected "," or "]" after an array element');
      }
    }
    if (c === '"') return void str();
    for (const lit of LITERALS) if (text.startsWith(lit, i)) return void (i += lit.length);
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) return void (i = NUMBER.lastIndex);
    fail(i >= text.length ? 'unexpected end of the document' : `unexpected character ${JSON.stringify(c)}`);
  };
  value(0, true);
  ws();
  if (i < text.length) fail('unexpected text after the end of the JSON document');
}

/** 1-based line where the value at `path` starts, or undefined (path absent, or the text is not JSON). */
export function lineOfJsonPath(text: string, path: Path): number | undefined {
  try {
    scan(text, path);
  } catch (e) {
    if (e instanceof Stop && e.problem === undefined) return lineAt(text, e.offset);
  }
  return undefined;
}

/** The first syntax error of `text` as {line, problem}, or undefined when it is JSON. */
export function jsonSyntaxError(text: string): { line: number; problem: string } | undefined {
  try {
    scan(text);
  } catch (e) {
    if (e instanceof Stop && e.problem !== undefined) return { line: lineAt(text, e.offset), problem: e.problem };
    throw e;
  }
  return undefined;
}

/** `segments[3].end` from ['segments', 3, 'end']. */
export const formatJsonPath = (path: Path): string =>
  path.map((p, k) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${k ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`)).join('') || '(root)';
