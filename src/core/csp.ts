/**
 * The Content-Security-Policy of the built browser app: one definition, sent as an HTTP header by both
 * servers that serve the build — `vite preview` (vite.config.ts) and the team server's static routes
 * (src/server/static.ts), and in a `<meta http-equiv>` of the built index.html (less the header-only
 * frame-ancestors: scripts/vite/cspMeta.ts) for any other static server. It lives in src/core because
 * the team server's image ships only src/core and src/server, and vite.config.ts imports it too: keep
 * it a plain module (no React, no DOM).
 *
 * What it allows, and why:
 * - scripts and workers only from the app's own files: no inline scripts, no `eval`/`new Function`
 *   (the OpenLABEL validator is precompiled at build time, zod runs jitless — scripts/vite/);
 * - network (`connect-src`) only to the app's own origin (the team server serves the app, so its API and
 *   sync socket are same-origin) and to `blob:`/`data:` URLs of files the user opened;
 * - images, video, audio and fonts from the app's files or from the user's files (`blob:`, `data:`);
 * - styles from the app's stylesheet plus inline styles: the command palette's dialog (cmdk / Radix)
 *   injects a <style> element to lock scrolling, and React hoists <style> elements; inline styles
 *   cannot run code, so allowing them leaves the script policy whole;
 * - no plugins, no <base> rewriting, no framing by other sites, forms post only to the app.
 *
 * The dev server (`npm start`) goes without it: Vite's HMR client and React refresh inject inline
 * scripts and evaluate modules, which this policy forbids.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'", 'blob:', 'data:'],
  'img-src': ["'self'", 'blob:', 'data:'],
  'media-src': ["'self'", 'blob:', 'data:'],
  'font-src': ["'self'", 'data:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as one header value: `default-src 'self'; script-src 'self'; …`. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

/** Headers sent with every response of the built app (the policy, and no MIME sniffing of user files). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
