/**
 * First-paint bundle size (issue #13 item 6): builds the app (`vite build` with the project's config)
 * into a temporary folder, parses the built index.html and sums the gzip size of everything the
 * browser loads before anything shows: index.html, the entry script, every `modulepreload` link and
 * stylesheet, and every chunk the entry reaches through *static* imports (followed recursively, so a
 * missing preload link cannot hide one). Dynamic `import()`s (LiDAR pane, panels, dialogs,
 * importers) and workers are not first paint. Gzip is zlib's default level (6), as a server would
 * send it. Target: ≤ 400 KB (the baseline column); before code-splitting the entry was one 1.69 MB
 * chunk, 481 KB gzip. Also reports the total of all emitted chunks (JS + CSS, workers included).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Harness } from './harness';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_KB = 400;
const kb = (bytes: number) => bytes / 1024;
const gz = (buf: Buffer) => gzipSync(buf).length;

/** Static import specifiers of an ES module chunk: `import … from "x"`, `export … from "x"`, `import "x"` (not `import("x")`). */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  const re = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) out.add(m[1]);
  return [...out];
}

/** The files index.html loads up front: module entry scripts, modulepreload links, stylesheets (paths under dist). */
export function htmlAssets(html: string): { entries: string[]; preloads: string[]; styles: string[] } {
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`).exec(tag)?.[1];
  const entries: string[] = [];
  const preloads: string[] = [];
  const styles: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) if (attr(tag, 'type') === 'module' && attr(tag, 'src')) entries.push(attr(tag, 'src')!);
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = attr(tag, 'rel');
    const href = attr(tag, 'href');
    if (!href) continue;
    if (rel === 'modulepreload') preloads.push(href);
    else if (rel === 'stylesheet') styles.push(href);
  }
  const strip = (p: string) => p.replace(/^\//, '');
  return { entries: entries.map(strip), preloads: preloads.map(strip), styles: styles.map(strip) };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

export default async function firstPaintBench(h: Harness): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'crosslabel-firstpaint-'));
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const { entries, preloads, styles } = htmlAssets(html);
    if (!entries.length) throw new Error('no module entry script in the built index.html');
    // everything reachable from the entries by static imports, plus whatever index.html preloads
    const firstPaint = new Set<string>();
    const queue = [...entries, ...preloads];
    while (queue.length) {
      const file = queue.shift()!;
      if (firstPaint.has(file)) continue;
      firstPaint.add(file);
      if (!file.endsWith('.js')) continue;
      for (const spec of staticImports(readFileSync(join(out, file), 'utf8')))
        if (spec.startsWith('.') || spec.startsWith('/')) queue.push(spec.startsWith('/') ? spec.slice(1) : posix.join(posix.dirname(file), spec));
    }
    for (const s of styles) firstPaint.add(s);
    const rows = [...firstPaint].map((f) => ({ f, raw: statSync(join(out, f)).size, gz: gz(readFileSync(join(out, f))) }));
    const htmlGz = gz(Buffer.from(html));
    const total = rows.reduce((a, r) => a + r.gz, htmlGz);
    console.log('first paint (gzip):');
    console.log(`  ${'index.html'.padEnd(44)} ${kb(htmlGz).toFixed(1).padStart(7)} KB`);
    for (const r of rows) console.log(`  ${r.f.padEnd(44)} ${kb(r.gz).toFixed(1).padStart(7)} KB  (${kb(r.raw).toFixed(0)} KB raw)`);
    const all = walk(out)
      .filter((f) => /\.(js|css)$/.test(f))
      .map((f) => ({ f: relative(out, f), raw: statSync(f).size, gz: gz(readFileSync(f)) }))
      .sort((a, b) => b.gz - a.gz);
    console.log('all chunks (gzip):');
    for (const r of all) console.log(`  ${r.f.padEnd(44)} ${kb(r.gz).toFixed(1).padStart(7)} KB  (${kb(r.raw).toFixed(0)} KB raw)${firstPaint.has(r.f) ? '  first paint' : ''}`);
    const allGz = all.reduce((a, r) => a + r.gz, htmlGz);
    h.cost('first paint: index.html + entry + static imports + CSS, gzip (KB)', kb(total), TARGET_KB, 'KB', 'target (issue #13)', `${rows.length + 1} files, ${kb(rows.reduce((a, r) => a + r.raw, 0)).toFixed(0)} KB raw`);
    h.cost('all chunks incl. lazy and workers, gzip (KB)', kb(allGz), kb(total), 'KB', 'first paint', `${all.length} files, ${kb(all.reduce((a, r) => a + r.raw, 0)).toFixed(0)} KB raw`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
