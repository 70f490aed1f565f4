/**
 * Label-file imports off the main thread: reading the file's text, JSON parsing, schema validation
 * and the format's importer (`importFile` from the core) run here, so opening a long sequence
 * (a 200-frame scene or OpenLABEL file: 0.2–0.3 s of parsing) never freezes the page. The File is
 * structured-cloned in (no copy of its bytes on the main thread); the result is cloned back. The
 * open scene is asked for through a proxied `getCurrent` only by merge imports (MOT, SAM, RTTM,
 * VTT), so opening a whole scene never copies the one it replaces.
 * Errors reject with the importer's message, which names the file and the problem.
 */
import * as Comlink from 'comlink';
import { importFile, type ImportContext, type ImportResult } from '../core/formats/exchange';
import type { Scene } from '../core/schema';

const api = {
  run(file: Blob, path: string, ctx: Omit<ImportContext, 'current' | 'getCurrent'>, getCurrent: () => Scene | null | Promise<Scene | null>): Promise<ImportResult> {
    return importFile({ path, text: () => file.text() }, { ...ctx, getCurrent });
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
