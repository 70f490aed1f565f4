/**
 * Label-file imports off the main thread: reading the file's text, JSON parsing, schema validation
 * and the format's importer (`importFile` from the core) run here, so opening a long sequence
 * (a 200-frame scene or OpenLABEL file: 0.2–0.3 s of parsing) never freezes the page. The File is
 * structured-cloned in (no copy of its bytes on the main thread); the result is cloned back. The
 * open scene is asked for through a proxied `getCurrent` only by merge imports (MOT, SAM, RTTM,
 * VTT), so opening a whole scene never copies the one it replaces.
 * The text is read as a stream so the page can show bytes read; the parse that follows is one
 * synchronous step (cancelling it terminates this worker: see jobs.ts).
 * Errors cross as plain Errors (comlink keeps the message only); each names the file.
 */
import * as Comlink from 'comlink';
import { importFile, type ImportContext, type ImportResult } from '../core/formats/exchange';
import type { Scene } from '../core/schema';

/** Where one file's import is: reading its bytes, or parsing what was read. */
export interface ImportWorkerProgress {
  phase: 'reading' | 'parsing';
  bytesRead: number;
  totalBytes: number;
}

/** Progress posts at most this often (each is a message to the page). */
const PROGRESS_EVERY_MS = 100;

async function readTextWithProgress(file: Blob, report: (p: ImportWorkerProgress) => void): Promise<string> {
  const reader = file.stream().getReader();
  // a streaming decoder keeps multi-byte characters split across chunks whole (and drops a BOM, as Blob.text does)
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytesRead = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytesRead += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      report({ phase: 'reading', bytesRead, totalBytes: file.size });
    }
  }
  parts.push(decoder.decode());
  report({ phase: 'parsing', bytesRead, totalBytes: file.size });
  return parts.join('');
}

const api = {
  async run(
    file: Blob,
    path: string,
    ctx: Omit<ImportContext, 'current' | 'getCurrent'>,
    getCurrent: () => Scene | null | Promise<Scene | null>,
    onProgress?: (p: ImportWorkerProgress) => void,
  ): Promise<ImportResult> {
    // fire and forget: the page may stop listening (a cancelled import) while a post is on its way
    const report = (p: ImportWorkerProgress) => void Promise.resolve(onProgress?.(p)).catch(() => undefined);
    try {
      return await importFile({ path, text: () => readTextWithProgress(file, report) }, { ...ctx, getCurrent: () => getCurrent() });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(message.startsWith(path) ? message : `${path}: ${message}`);
    } finally {
      // comlink proxies of the page's functions: let go of their ports (and the page of their closures)
      (getCurrent as unknown as Comlink.Remote<unknown>)[Comlink.releaseProxy]();
      if (onProgress) (onProgress as unknown as Comlink.Remote<unknown>)[Comlink.releaseProxy]();
    }
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
