/**
 * The task workflow of a team project, as a pure state machine shared by the server (which enforces
 * it) and the browser's task pages (which show only the moves a user may make).
 *
 *   todo ──start──▶ in_progress ──submit──▶ submitted ──take──▶ in_review ──accept──▶ accepted
 *                        ▲                                          │
 *                        └────────resume──── rejected ◀──reject─────┘ (with comments)
 *
 * Who may move a task:
 * - the assignee starts, submits and resumes a rejected task (their role must still be annotator or manager);
 * - a reviewer or a manager who is NOT the assignee takes a submitted task for review; the reviewer
 *   who took it (or a manager, not the assignee) accepts it or rejects it with at least one comment.
 *   So nobody reviews their own work: an annotator cannot accept their own task.
 * Creating, assigning and reassigning tasks is a manager's; it is not a state change.
 */
import { z } from 'zod';

export const ProjectRole = z.enum(['manager', 'annotator', 'reviewer']);
export type ProjectRole = z.infer<typeof ProjectRole>;

export const TaskState = z.enum(['todo', 'in_progress', 'submitted', 'in_review', 'accepted', 'rejected']);
export type TaskState = z.infer<typeof TaskState>;

/** A reviewer's comment, on one object of the scene or on the task as a whole. */
export const ReviewComment = z.object({
  object: z.string().min(1).optional(),
  comment: z.string().trim().min(1, 'a review comment cannot be empty').max(4000),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

/** One step of a task's history as the server records it and the task page shows it. */
export interface TaskEvent {
  id: number;
  from: TaskState | null;
  to: TaskState;
  by: string | null;
  byName: string | null;
  at: string;
  /** The assignee after this event (set on creation and reassignment). */
  assignee: string | null;
  comments: ReviewComment[];
}

/** What the machine needs to know of a task. */
export interface TaskFacts {
  state: TaskState;
  /** The assignee's user id; null when unassigned. */
  assignee: string | null;
  /** The reviewer who took it for review (set on in_review). */
  reviewer: string | null;
}

/** Who is acting, and their role in the task's project. */
export interface Actor {
  userId: string;
  role: ProjectRole;
}

interface Move {
  from: TaskState;
  to: TaskState;
  /** Verb shown on a button. */
  name: 'start' | 'submit' | 'take for review' | 'accept' | 'reject' | 'resume';
  by: 'assignee' | 'reviewer';
}

/** Every legal move; anything else is refused. */
export const MOVES: readonly Move[] = [
  { from: 'todo', to: 'in_progress', name: 'start', by: 'assignee' },
  { from: 'in_progress', to: 'submitted', name: 'submit', by: 'assignee' },
  { from: 'submitted', to: 'in_review', name: 'take for review', by: 'reviewer' },
  { from: 'in_review', to: 'accepted', name: 'accept', by: 'reviewer' },
  { from: 'in_review', to: 'rejected', name: 'reject', by: 'reviewer' },
  { from: 'rejected', to: 'in_progress', name: 'resume', by: 'assignee' },
];

export type TransitionResult =
  | { ok: true; state: TaskState; reviewer: string | null; move: Move['name'] }
  /** 409: no such move from this state; 403: the actor may not make it; 400: bad comments. */
  | { ok: false; status: 400 | 403 | 409; error: string };

/**
 * Checks one move of `task` by `actor` to state `to` and returns the task's next state and reviewer,
 * or why it is refused. A rejection needs at least one comment; other moves take optional comments.
 */
export function transition(task: TaskFacts, actor: Actor, to: TaskState, comments: readonly ReviewComment[] = []): TransitionResult {
  const move = MOVES.find((m) => m.from === task.state && m.to === to);
  if (!move) return { ok: false, status: 409, error: `a task in state "${task.state}" cannot move to "${to}"` };
  const refusal = mayMake(move, task, actor);
  if (refusal) return { ok: false, status: 403, error: refusal };
  if (to === 'rejected' && comments.length === 0) return { ok: false, status: 400, error: 'a rejection needs at least one comment saying what to fix' };
  const reviewer = to === 'in_review' ? actor.userId : task.reviewer;
  return { ok: true, state: to, reviewer, move: move.name };
}

/** Why `actor` may not make `move` on `task`, or undefined when they may. */
function mayMake(move: Move, task: TaskFacts, actor: Actor): string | undefined {
  const isAssignee = task.assignee !== null && task.assignee === actor.userId;
  if (move.by === 'assignee') {
    if (!isAssignee) return `only the task's assignee may ${move.name} it`;
    if (actor.role === 'reviewer') return `a reviewer cannot ${move.name} a task; the assignee's role must be annotator or manager`;
    return undefined;
  }
  if (isAssignee) return `nobody reviews their own task: the assignee cannot ${move.name} it`;
  if (actor.role === 'annotator') return `only a reviewer or a manager may ${move.name} a task`;
  if (move.name !== 'take for review' && actor.role === 'reviewer' && task.reviewer !== actor.userId)
    return `only the reviewer who took this task for review (or a manager) may ${move.name} it`;
  return undefined;
}

/** The states `actor` may move `task` to now (for the buttons of a task page). */
export function allowedMoves(task: TaskFacts, actor: Actor): { to: TaskState; name: Move['name'] }[] {
  return MOVES.filter((m) => m.from === task.state && !mayMake(m, task, actor)).map((m) => ({ to: m.to, name: m.name }));
}

/** A role that may be assigned tasks to label. */
export function canBeAssigned(role: ProjectRole): boolean {
  return role === 'annotator' || role === 'manager';
}
