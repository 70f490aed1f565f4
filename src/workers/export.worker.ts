/**
 * Exports off the main thread: `exportScene` from the core, then the files packed for download —
 * a lone file as itself, several files or a folder format as one ZIP (fflate).
 * Progress is reported through a comlink-proxied callback; media for the bundle's hashes are
 * read through another (the main thread owns the dropped files and the URL cache).
 */
import * as Comlink from 'comlink';
import { zipSync, strToU8 } from 'fflate';
import { EXPORT_FORMAT_INFO, exportScene, type ExportFormat, type ExportProgress } from '../core/formats/exchange';
import type { ExportSummary } from '../core/formats/common';
import type { Scene } from '../core/schema';

export interface PackedExport {
  /**
   * The download: the file itself, or a ZIP of all files. A Blob made here, in the worker: it
   * crosses to the main thread as a handle, where `new Blob(bytes)` there copied the whole export
   * on the main thread (126 ms for a 200-frame OpenLABEL file, profiled).
   */
  blob: Blob;
  /** Its size in bytes. */
  size: number;
  fileName: string;
  mime: string;
  files: { path: string; bytes: number; sensor?: string }[];
  summary: ExportSummary;
  notes: string[];
}

/** Annotation partitions received ahead of `run` (see exportClient.ts: the scene arrives in pieces). */
const received: Scene['annotations'] = {};

const api = {
  /** Add a batch of the scene's annotation partitions; `run` then gets the scene without them. */
  addPartitions(partitions: Scene['annotations']): void {
    Object.assign(received, partitions);
  },
  async run(
    frame: Scene,
    format: ExportFormat,
    opts: { sensors?: string[]; stem: string },
    onProgress: (p: ExportProgress) => void,
    readMedia?: (uri: string) => Promise<Uint8Array | null>,
  ): Promise<PackedExport> {
    const scene: Scene = Object.keys(frame.annotations).length ? frame : { ...frame, annotations: received };
    // the packing stage gets the last 10 % of the bar
    const r = await exportScene(scene, format, { sensors: opts.sensors, readMedia, createdAt: new Date().toISOString(), onProgress: (p) => onProgress({ stage: p.stage, fraction: 0.9 * p.fraction }) });
    onProgress({ stage: 'packing', fraction: 0.9 });
    const encoded = r.files.map((f) => ({ ...f, data: strToU8(f.text) }));
    let packed: { bytes: Uint8Array; fileName: string; mime: string };
    // a folder format is always a ZIP (its layout, e.g. label_02/0003.txt, is part of the format)
    if (encoded.length === 1 && !EXPORT_FORMAT_INFO[format].folder) {
      const f = encoded[0];
      // a per-sensor file keeps its folder in the name: <scene>.coco.<camera>.json
      const name = f.path.includes('/') ? `${opts.stem}.${f.path.replace(/\//g, '.')}` : f.path;
      packed = { bytes: f.data, fileName: name, mime: name.endsWith('.json') ? 'application/json' : 'text/plain' };
    } else {
      const tree: Record<string, Uint8Array> = {};
      for (const f of encoded) tree[f.path] = f.data;
      packed = { bytes: zipSync(tree, { level: 6 }), fileName: `${opts.stem}.${format}.zip`, mime: 'application/zip' };
    }
    onProgress({ stage: 'done', fraction: 1 });
    const { bytes, fileName, mime } = packed;
    const result: PackedExport = { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }), size: bytes.byteLength, fileName, mime, files: encoded.map((f) => ({ path: f.path, bytes: f.data.byteLength, ...(f.sensor ? { sensor: f.sensor } : {}) })), summary: r.summary, notes: r.notes };
    return result;
  },
};

export type ExportWorkerApi = typeof api;

Comlink.expose(api);
