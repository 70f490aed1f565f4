/**
 * Label-file imports off the main thread: reading the file's text, JSON parsing, schema validation
 * and the format's importer (`importFile` from the core) run here, so opening a long sequence
 * (a 200-frame scene or OpenLABEL file: 0.2–0.3 s of parsing) never freezes the page. The File is
 * structured-cloned in (no copy of its bytes on the main thread); the result is cloned back. The
 * open scene is asked for through a proxied `getCurrent` only by merge imports (MOT, SAM, RTTM,
 * VTT), so opening a whole scene never copies the one it replaces.
 * Errors cross as plain Errors (comlink keeps the message only); each names the file.
 */
import * as Comlink from 'comlink';
import { importFile, type ImportContext, type ImportResult } from '../core/formats/exchange';
import type { Scene } from '../core/schema';

const api = {
  async run(file: Blob, path: string, ctx: Omit<ImportContext, 'current' | 'getCurrent'>, getCurrent: () => Scene | null | Promise<Scene | null>): Promise<ImportResult> {
    try {
      return await importFile({ path, text: () => file.text() }, { ...ctx, getCurrent: () => getCurrent() });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(message.startsWith(path) ? message : `${path}: ${message}`);
    } finally {
      // a comlink proxy of the page's function: let go of its port (and the page of its closure)
      (getCurrent as unknown as Comlink.Remote<unknown>)[Comlink.releaseProxy]();
    }
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
