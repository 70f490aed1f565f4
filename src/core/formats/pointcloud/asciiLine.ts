/**
 * One ASCII line of a binary file's text header: bytes from `pos` up to the next LF (or `limit`),
 * as a string without the LF; `next` is where the following line starts.
 */
export function readAsciiLine(bytes: Uint8Array, pos: number, limit: number): { line: string; next: number } {
  let end = bytes.indexOf(10, pos);
  if (end < 0 || end > limit) end = limit;
  let line = '';
  for (let i = pos; i < end; i++) line += String.fromCharCode(bytes[i]);
  return { line, next: end + 1 };
}
