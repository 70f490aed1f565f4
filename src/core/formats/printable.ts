/**
 * `printable(s)`: `s` with the characters that would garble a message shown to a person escaped as
 * `\uXXXX` — C0 controls other than tab and newline, DEL, C1 controls, the line / paragraph
 * separators and the bidi overrides and isolates (they reorder the text around them). Error messages
 * quote pieces of the files they reject; a binary file named .json must not put raw bytes on a
 * terminal or into the app's message line. A leaf module (no imports): the point-cloud worker and
 * the schema both use it.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export const printable = (s: string): string => s.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
