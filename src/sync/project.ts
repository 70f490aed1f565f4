/**
 * The manager's project page as the browser sees it: the projects I manage, one project's figures
 * (GET /api/projects/:id/stats, computed on the server: src/server/projects/stats.ts), its members
 * and scenes, and consensus assignments (one scene → an independent copy and a task per annotator).
 */
import type { TeamApi } from './api';
// The JSON the server sends; types only (erased from the browser bundle).
export type { ProjectStats, SceneQa, PairAgreement, SourceAgreement, AnnotatorAgreement, Throughput, Summary, CopyRef } from '../server/projects/stats';
import type { ProjectStats } from '../server/projects/stats';

export interface ManagedProject {
  id: string;
  name: string;
  role: 'manager' | 'annotator' | 'reviewer';
}

export interface ProjectMember {
  userId: string;
  name: string;
  role: 'manager' | 'annotator' | 'reviewer';
}

export interface ProjectScene {
  id: string;
  name: string;
  revision: number;
}

export interface ProjectPageData {
  stats: ProjectStats;
  members: ProjectMember[];
  /** Scenes a consensus assignment can start from: the project's scenes that are not themselves copies. */
  sources: ProjectScene[];
}

const enc = encodeURIComponent;

/** The projects where I am a manager (only they have a project page). */
export async function managedProjects(api: TeamApi): Promise<ManagedProject[]> {
  const { projects } = await api.get<{ projects: ManagedProject[] }>('/api/projects');
  return projects.filter((p) => p.role === 'manager');
}

export async function loadProjectPage(api: TeamApi, projectId: string): Promise<ProjectPageData> {
  // the figures first: a refusal (not a manager) then ends the load before anything else is asked
  const stats = await api.get<ProjectStats>(`/api/projects/${enc(projectId)}/stats`);
  const [{ members }, { scenes }] = await Promise.all([
    api.get<{ members: ProjectMember[] }>(`/api/projects/${enc(projectId)}/members`),
    api.get<{ scenes: ProjectScene[] }>(`/api/projects/${enc(projectId)}/scenes`),
  ]);
  const copies = new Set(stats.agreement.sources.flatMap((s) => s.copies.map((c) => c.sceneId)));
  return { stats, members, sources: scenes.filter((s) => !copies.has(s.id)) };
}

/** Who may get a copy: the server assigns tasks to annotators and managers. */
export const canLabel = (m: ProjectMember): boolean => m.role === 'annotator' || m.role === 'manager';

export function createConsensus(
  api: TeamApi,
  projectId: string,
  sceneId: string,
  assignees: string[],
  title?: string,
): Promise<{ sourceId: string; sourceRevision: number; copies: { sceneId: string; name: string; assignee: string }[] }> {
  return api.post(`/api/projects/${enc(projectId)}/consensus`, title ? { sceneId, assignees, title } : { sceneId, assignees });
}
