/** Projects and their members in the database. Routes authorise first; these only read and write. */
import type { Queryable } from '../db/db';
import type { Taxonomy } from '../../core/schema/taxonomy';
import type { Role } from '../http/context';

export interface Project {
  id: string;
  name: string;
  taxonomy: Taxonomy;
  reviewRate: number;
  reviewSeed: number;
  createdBy: string | null;
  createdAt: string;
}

export interface Member {
  userId: string;
  name: string;
  role: Role;
  addedAt: string;
}

interface ProjectRow {
  id: string;
  name: string;
  taxonomy: Taxonomy;
  review_rate: number;
  review_seed: number;
  created_by: string | null;
  created_at: Date;
}

const COLUMNS = 'p.id, p.name, p.taxonomy, p.review_rate, p.review_seed, p.created_by, p.created_at';

function toProject(r: ProjectRow): Project {
  return {
    id: r.id,
    name: r.name,
    taxonomy: r.taxonomy,
    reviewRate: Number(r.review_rate),
    reviewSeed: r.review_seed,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

/** Creates the project with `creator` as its first manager (one transaction: never a project without a manager). */
export async function createProject(
  tx: Queryable,
  creator: string,
  p: { name: string; taxonomy: Taxonomy; reviewRate: number; reviewSeed: number },
): Promise<Project> {
  const { rows } = await tx.query<ProjectRow>(
    `insert into projects as p (name, taxonomy, review_rate, review_seed, created_by) values ($1, $2::jsonb, $3, $4, $5)
     returning ${COLUMNS}`,
    [p.name, JSON.stringify(p.taxonomy), p.reviewRate, p.reviewSeed, creator],
  );
  await tx.query('insert into members (project_id, user_id, role) values ($1, $2, $3)', [rows[0].id, creator, 'manager']);
  return toProject(rows[0]);
}

export async function getProject(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<Project | undefined> {
  const { rows } = await db.query<ProjectRow>(`select ${COLUMNS} from projects p where p.id = $1${opts.forUpdate ? ' for update' : ''}`, [id]);
  return rows[0] && toProject(rows[0]);
}

/** A project in a list: no taxonomy body, its version instead. */
export type ProjectSummary = Omit<Project, 'taxonomy'> & { role: Role; taxonomyVersion: number };

/** The projects `userId` is a member of, with their role, newest first. */
export async function projectsOf(db: Queryable, userId: string): Promise<ProjectSummary[]> {
  const { rows } = await db.query<Omit<ProjectRow, 'taxonomy'> & { role: Role; taxonomy_version: number }>(
    `select p.id, p.name, p.review_rate, p.review_seed, p.created_by, p.created_at,
            (p.taxonomy->>'version')::int as taxonomy_version, m.role
     from projects p join members m on m.project_id = p.id where m.user_id = $1 order by p.created_at desc, p.id`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    reviewRate: Number(r.review_rate),
    reviewSeed: r.review_seed,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    role: r.role,
    taxonomyVersion: r.taxonomy_version,
  }));
}

export async function updateProject(db: Queryable, id: string, p: { name?: string; reviewRate?: number; taxonomy?: Taxonomy }): Promise<Project> {
  const { rows } = await db.query<ProjectRow>(
    `update projects p set name = coalesce($2, name), review_rate = coalesce($3, review_rate), taxonomy = coalesce($4::jsonb, taxonomy)
     where id = $1 returning ${COLUMNS}`,
    [id, p.name ?? null, p.reviewRate ?? null, p.taxonomy ? JSON.stringify(p.taxonomy) : null],
  );
  return toProject(rows[0]);
}

export async function membersOf(db: Queryable, projectId: string): Promise<Member[]> {
  const { rows } = await db.query<{ user_id: string; name: string; role: Role; added_at: Date }>(
    `select m.user_id, u.name, m.role, m.added_at from members m join users u on u.id = m.user_id
     where m.project_id = $1 order by u.name`,
    [projectId],
  );
  return rows.map((r) => ({ userId: r.user_id, name: r.name, role: r.role, addedAt: r.added_at.toISOString() }));
}

export async function managerCount(db: Queryable, projectId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from members where project_id = $1 and role = 'manager'`, [projectId]);
  return rows[0].n;
}
