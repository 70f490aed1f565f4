/**
 * Live QA on a workbench store: findings follow the document (edits, undo, a new document) without
 * anyone asking, a moment after the edit (throttled), and equal a full run of the current document.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteAnnotation, updateAnnotation } from '../core/commands';
import { makeTestScene } from '../core/commands/testScene';
import { runChecks } from '../core/qa';
import { createLiveQa } from './qaLive';
import { createWorkbenchStore } from './workbench';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('live QA of a store', () => {
  it('updates incrementally after edits and undo, throttled, and equals a full run', () => {
    const store = createWorkbenchStore({ storage: null });
    store.getState().loadScene(makeTestScene(), 'test');
    const live = createLiveQa(store, 100);
    const seen: number[] = [];
    live.subscribe(() => seen.push(live.getSnapshot().revision));
    const release = live.retain();
    expect(live.getSnapshot()).toMatchObject({ revision: store.getState().revision, pending: false, stats: { mode: 'full' } });
    expect(live.getSnapshot().findings).toEqual(runChecks(store.getState().scene!));

    // a 3-step drag: one re-check after the throttle delay, of the last state
    const before = seen.length;
    for (const dx of [10, 20, 30]) store.getState().dispatch(updateAnnotation, { id: 'a2', patch: { x0: 100 + dx, x1: 200 + dx } });
    expect(live.getSnapshot().pending).toBe(true);
    vi.advanceTimersByTime(100);
    expect(seen.length - before).toBe(2); // "pending" once, then the result
    expect(live.getSnapshot()).toMatchObject({ revision: store.getState().revision, pending: false, stats: { mode: 'incremental', objects: 1 } });
    expect(live.getSnapshot().findings).toEqual(runChecks(store.getState().scene!));

    store.getState().dispatch(deleteAnnotation, { id: 'a1' });
    vi.advanceTimersByTime(100);
    expect(live.getSnapshot().findings).toEqual(runChecks(store.getState().scene!));
    store.getState().undo();
    vi.advanceTimersByTime(100);
    expect(live.getSnapshot().findings).toEqual(runChecks(store.getState().scene!));
    expect(live.getSnapshot().stats.mode).toBe('incremental');

    // not retained: no work; on the next retain it catches up at once
    release();
    store.getState().dispatch(deleteAnnotation, { id: 'a2' });
    vi.advanceTimersByTime(1000);
    expect(live.getSnapshot().revision).not.toBe(store.getState().revision);
    live.retain();
    expect(live.getSnapshot().revision).toBe(store.getState().revision);
    expect(live.getSnapshot().findings).toEqual(runChecks(store.getState().scene!));
  });
});
