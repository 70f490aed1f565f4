/**
 * An object's history from the team server, in words (core/sync/history.ts does the wording).
 * One request: GET /api/scenes/:id/history?object=&patches=N lists every edit that touched the
 * object, the newest N with their patches — the wording needs values ("moved the cuboid 0.4 m"), and a
 * long history is worded from the newest end.
 */
import type { Patch } from 'immer';
import type { Scene } from '../core/schema';
import { describeObjectHistory, type HistoryEdit, type HistoryLine } from '../core/sync/history';
import type { TeamApi } from './api';

/** One entry of GET /api/scenes/:id/history (server/scenes/log.ts HistoryEntry). */
interface HistoryRow {
  revision: number;
  by: string;
  at: string;
  label?: string;
  paths: string[];
  patches?: unknown[];
}

export interface ObjectHistory {
  lines: HistoryLine[];
  /** Edits in the history in all; only the newest `limit` are worded. */
  total: number;
}

/** Newest `limit` edits that touched `objectId`, newest first, as readable lines. */
export async function loadObjectHistory(
  api: TeamApi,
  sceneId: string,
  objectId: string,
  opts: { scene?: Scene | null; limit?: number; time?(iso: string): string } = {},
): Promise<ObjectHistory> {
  const scene = encodeURIComponent(sceneId);
  const limit = Math.min(opts.limit ?? 50, 500);
  const r = await api.get<{ edits: HistoryRow[] }>(`/api/scenes/${scene}/history?object=${encodeURIComponent(objectId)}&patches=${limit}`);
  // without its patches an entry still says who and when, worded by its label
  const edits: HistoryEdit[] = r.edits
    .slice(-limit)
    .map((row) => ({ revision: row.revision, by: row.by, at: row.at, label: row.label, patches: (row.patches ?? []) as Patch[] }));
  return { lines: describeObjectHistory(objectId, edits, { scene: opts.scene, time: opts.time }), total: r.edits.length };
}
