/**
 * The team server as the task pages see it: is this app served by a Crosslabel server, the task
 * queue (mine, and the submitted tasks a reviewer may take), one task's detail, and its moves.
 * The moves themselves are decided on the server (core/tasks/workflow.ts); the page shows the ones
 * the server lists for this user.
 */
import type { ReviewComment, TaskEvent, TaskState } from '../core/tasks/workflow';
import type { TeamApi } from './api';

/** The marker the server puts into index.html when it serves the app (src/server/static.ts). */
export const SERVER_MARKER = 'crosslabel-server';

/** True when this page came from a Crosslabel server: only then is there a team to sign in to. */
export function servedByTeamServer(doc: Pick<Document, 'querySelector'> | undefined = globalThis.document): boolean {
  return !!doc?.querySelector(`meta[name="${SERVER_MARKER}"]`);
}

export interface TeamTask {
  id: string;
  projectId: string;
  projectName?: string;
  sceneId: string;
  title: string | null;
  state: TaskState;
  assignee: string | null;
  assigneeName: string | null;
  reviewer: string | null;
  reviewerName: string | null;
  role?: string;
  updatedAt: string;
}

/** A task's history step as the server sends it (core/tasks/workflow.ts). */
export type TaskEventView = TaskEvent;

export interface TaskDetail {
  task: TeamTask;
  role: string;
  history: TaskEventView[];
  moves: { to: TaskState; name: string }[];
}

interface ProjectSummary {
  id: string;
  name: string;
  role: 'manager' | 'annotator' | 'reviewer';
}

/** My tasks, then the submitted tasks of projects I review or manage (not my own): one list, no repeats. */
export async function loadQueue(api: TeamApi): Promise<TaskDetail[]> {
  const mine = (await api.get<{ tasks: TeamTask[] }>('/api/tasks/mine')).tasks;
  const { projects } = await api.get<{ projects: ProjectSummary[] }>('/api/projects');
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const seen = new Set(mine.map((t) => t.id));
  const toReview: TeamTask[] = [];
  for (const p of projects.filter((p) => p.role === 'reviewer' || p.role === 'manager')) {
    const { tasks } = await api.get<{ tasks: TeamTask[] }>(`/api/projects/${encodeURIComponent(p.id)}/tasks?state=submitted`);
    for (const t of tasks) {
      if (seen.has(t.id) || t.assignee === api.user?.id) continue;
      seen.add(t.id);
      toReview.push({ ...t, projectName: p.name });
    }
  }
  const all = [...mine, ...toReview];
  return Promise.all(all.map(async (t) => ({ ...(await taskDetail(api, t.id)), task: { ...t, projectName: t.projectName ?? names.get(t.projectId) } })));
}

export function taskDetail(api: TeamApi, id: string): Promise<TaskDetail> {
  return api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(id)}`);
}

export function moveTask(api: TeamApi, id: string, to: TaskState, comments?: ReviewComment[]): Promise<{ task: TeamTask }> {
  return api.post(`/api/tasks/${encodeURIComponent(id)}/transition`, comments?.length ? { to, comments } : { to });
}

/** The comments of the task's latest rejection (what the annotator has to fix), or []. */
export function latestRejection(detail: TaskDetail): { by: string; at: string; comments: ReviewComment[] } | undefined {
  const e = [...detail.history].reverse().find((h) => h.to === 'rejected');
  return e ? { by: e.byName ?? 'a reviewer', at: e.at, comments: e.comments ?? [] } : undefined;
}
