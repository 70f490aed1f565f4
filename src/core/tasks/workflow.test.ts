import { describe, expect, it } from 'vitest';
import { allowedMoves, canBeAssigned, transition, type Actor, type TaskFacts, type TaskState } from './workflow';

const ann: Actor = { userId: 'ann', role: 'annotator' };
const other: Actor = { userId: 'bob', role: 'annotator' };
const rev: Actor = { userId: 'rita', role: 'reviewer' };
const rev2: Actor = { userId: 'ravi', role: 'reviewer' };
const mgr: Actor = { userId: 'meg', role: 'manager' };

const task = (state: TaskState, reviewer: string | null = null, assignee: string | null = 'ann'): TaskFacts => ({ state, assignee, reviewer });

describe('task workflow', () => {
  it('walks the happy path: start, submit, take, accept', () => {
    const a = transition(task('todo'), ann, 'in_progress');
    expect(a).toEqual({ ok: true, state: 'in_progress', reviewer: null, move: 'start' });
    const b = transition(task('in_progress'), ann, 'submitted');
    expect(b).toMatchObject({ ok: true, state: 'submitted' });
    const c = transition(task('submitted'), rev, 'in_review');
    expect(c).toEqual({ ok: true, state: 'in_review', reviewer: 'rita', move: 'take for review' });
    const d = transition(task('in_review', 'rita'), rev, 'accepted');
    expect(d).toEqual({ ok: true, state: 'accepted', reviewer: 'rita', move: 'accept' });
  });

  it('rejects back to the annotator, who resumes', () => {
    expect(transition(task('in_review', 'rita'), rev, 'rejected', [{ object: 'car-1', comment: 'box too loose' }])).toMatchObject({ ok: true, state: 'rejected' });
    expect(transition(task('rejected', 'rita'), ann, 'in_progress')).toMatchObject({ ok: true, state: 'in_progress', reviewer: 'rita' });
  });

  it('an annotator cannot accept, take or reject their own task — nor can a manager who is its assignee', () => {
    expect(transition(task('in_review', 'rita'), ann, 'accepted')).toMatchObject({ ok: false, status: 403 });
    expect(transition(task('submitted'), ann, 'in_review')).toMatchObject({ ok: false, status: 403 });
    const own = task('submitted', null, 'meg');
    expect(transition(own, mgr, 'in_review')).toMatchObject({ ok: false, status: 403, error: expect.stringContaining('own task') });
    expect(transition(task('in_review', 'rita', 'meg'), mgr, 'accepted')).toMatchObject({ ok: false, status: 403 });
  });

  it('only the assignee starts, submits and resumes', () => {
    expect(transition(task('todo'), other, 'in_progress')).toMatchObject({ ok: false, status: 403 });
    expect(transition(task('in_progress'), mgr, 'submitted')).toMatchObject({ ok: false, status: 403 });
    expect(transition(task('rejected'), rev, 'in_progress')).toMatchObject({ ok: false, status: 403 });
    expect(transition(task('todo', null, null), ann, 'in_progress')).toMatchObject({ ok: false, status: 403 });
  });

  it('an annotator who is not the assignee may not review either', () => {
    expect(transition(task('submitted'), other, 'in_review')).toMatchObject({ ok: false, status: 403 });
    expect(transition(task('in_review', 'rita'), other, 'accepted')).toMatchObject({ ok: false, status: 403 });
  });

  it('a second reviewer cannot decide a task another reviewer took; a manager can', () => {
    expect(transition(task('in_review', 'rita'), rev2, 'accepted')).toMatchObject({ ok: false, status: 403 });
    expect(transition(task('in_review', 'rita'), mgr, 'accepted')).toMatchObject({ ok: true, state: 'accepted', reviewer: 'rita' });
  });

  it('refuses moves the graph does not have with 409', () => {
    expect(transition(task('todo'), ann, 'submitted')).toMatchObject({ ok: false, status: 409 });
    expect(transition(task('submitted'), rev, 'accepted')).toMatchObject({ ok: false, status: 409 });
    expect(transition(task('accepted', 'rita'), rev, 'rejected', [{ comment: 'x' }])).toMatchObject({ ok: false, status: 409 });
    expect(transition(task('in_progress'), ann, 'in_progress')).toMatchObject({ ok: false, status: 409 });
  });

  it('a rejection without a comment is refused with 400', () => {
    expect(transition(task('in_review', 'rita'), rev, 'rejected')).toMatchObject({ ok: false, status: 400 });
  });

  it('lists the moves a user may make', () => {
    expect(allowedMoves(task('todo'), ann)).toEqual([{ to: 'in_progress', name: 'start' }]);
    expect(allowedMoves(task('todo'), rev)).toEqual([]);
    expect(allowedMoves(task('in_review', 'rita'), rev)).toEqual([
      { to: 'accepted', name: 'accept' },
      { to: 'rejected', name: 'reject' },
    ]);
    expect(allowedMoves(task('in_review', 'rita'), ann)).toEqual([]);
    expect(allowedMoves(task('submitted'), mgr)).toEqual([{ to: 'in_review', name: 'take for review' }]);
  });

  it('reviewers are not assignable; annotators and managers are', () => {
    expect([canBeAssigned('annotator'), canBeAssigned('manager'), canBeAssigned('reviewer')]).toEqual([true, true, false]);
  });
});
