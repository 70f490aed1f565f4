/** The media table (migrations/020_media.sql): what was uploaded to a project, by whom, and where its bytes are. */
import type { Queryable } from '../db/db';

export interface MediaRecord {
  projectId: string;
  /** SHA-256 (hex) of the bytes: the id in URLs (/api/projects/:id/media/:sha256). */
  sha256: string;
  /** The media store's object key. */
  key: string;
  name: string;
  /** MIME type, served as Content-Type. */
  contentType: string;
  /** What the content check found (sniff.ts MediaType.id). */
  format: string;
  size: number;
  uploadedBy: string | null;
  at: Date;
}

interface Row {
  project_id: string;
  sha256: string;
  key: string;
  name: string;
  type: string;
  format: string;
  size: number | string;
  uploaded_by: string | null;
  at: Date;
}

const COLUMNS = 'project_id, sha256, key, name, type, format, size, uploaded_by, at';

const toRecord = (r: Row): MediaRecord => ({
  projectId: r.project_id,
  sha256: r.sha256,
  key: r.key,
  name: r.name,
  contentType: r.type,
  format: r.format,
  size: Number(r.size),
  uploadedBy: r.uploaded_by,
  at: r.at,
});

/** The store key of a project's media: content-addressed, so a re-upload of the same bytes is the same object. */
export const mediaKey = (projectId: string, sha256: string): string => `projects/${projectId}/media/${sha256}`;

/** Inserts the record; when the project already has these bytes, returns the existing one with created = false. */
export async function recordMedia(
  db: Queryable,
  m: Omit<MediaRecord, 'at' | 'key'>,
): Promise<{ record: MediaRecord; created: boolean }> {
  const { rows } = await db.query<Row>(
    `insert into media (project_id, key, name, type, format, size, sha256, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (project_id, sha256) do nothing returning ${COLUMNS}`,
    [m.projectId, mediaKey(m.projectId, m.sha256), m.name, m.contentType, m.format, m.size, m.sha256, m.uploadedBy],
  );
  if (rows[0]) return { record: toRecord(rows[0]), created: true };
  const existing = await findMedia(db, m.projectId, m.sha256);
  if (!existing) throw new Error(`media ${m.sha256}: insert conflicted but no row found (deleted concurrently)`);
  return { record: existing, created: false };
}

export async function findMedia(db: Queryable, projectId: string, sha256: string): Promise<MediaRecord | undefined> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from media where project_id = $1 and sha256 = $2`, [projectId, sha256]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function listMedia(db: Queryable, projectId: string): Promise<MediaRecord[]> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from media where project_id = $1 order by name, sha256`, [projectId]);
  return rows.map(toRecord);
}

/** Deletes the record; the removed one, or undefined when there was none. */
export async function deleteMedia(db: Queryable, projectId: string, sha256: string): Promise<MediaRecord | undefined> {
  const { rows } = await db.query<Row>(`delete from media where project_id = $1 and sha256 = $2 returning ${COLUMNS}`, [projectId, sha256]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}
