/**
 * Vite plugin: the built index.html carries the app's Content-Security-Policy in a
 * `<meta http-equiv>` too, so the build keeps its policy when some other static server (one that sends
 * no header) serves it. Both servers here also send the header, which alone can set what a meta tag
 * cannot (frame-ancestors). Build only: the dev server's HMR needs inline scripts.
 */
import type { Plugin } from 'vite';
import { CSP_DIRECTIVES } from '../../src/core/csp';

/** Directives a browser ignores (with a console error) when they come in a meta tag. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

export const CSP_META_POLICY = Object.entries(CSP_DIRECTIVES)
  .filter(([name]) => !HEADER_ONLY.has(name))
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

export function cspMeta(): Plugin {
  return {
    name: 'crosslabel:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META_POLICY }, injectTo: 'head-prepend' }],
  };
}
