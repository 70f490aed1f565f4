/**
 * An object's history from the team server, in words (core/sync/history.ts does the wording).
 * GET /api/scenes/:id/history?object= lists the edits that touched the object without their values;
 * the patches come from the edit log (GET …/edits?since=R-1&limit=1), one request per edit, for the
 * newest `limit` edits only: the wording needs values ("moved the cuboid 0.4 m"), and a long history
 * is read from the newest end.
 */
import type { Patch } from 'immer';
import type { LoggedEdit } from '../core/sync/protocol';
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
  const r = await api.get<{ edits: HistoryRow[] }>(`/api/scenes/${scene}/history?object=${encodeURIComponent(objectId)}`);
  const rows = r.edits.slice(-(opts.limit ?? 50));
  const edits: HistoryEdit[] = await Promise.all(
    rows.map(async (row) => {
      const got = await api.get<{ edits: LoggedEdit[] }>(`/api/scenes/${scene}/edits?since=${row.revision - 1}&limit=1`);
      const e = got.edits.find((x) => x.revision === row.revision);
      // without its patches an entry still says who and when, worded by its label
      return { revision: row.revision, by: row.by, at: row.at, label: row.label, patches: (e?.patches ?? []) as Patch[] };
    }),
  );
  return { lines: describeObjectHistory(objectId, edits, { scene: opts.scene, time: opts.time }), total: r.edits.length };
}
