import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY, Scene } from '../core/schema';
import { createPlayback, type FrameScheduler } from './playback';
import { createWorkbenchStore } from './workbench';

/** A manual clock: `frame(ms)` advances wall time by ms and runs the pending animation frame. */
function fakeScheduler() {
  let now = 1000;
  let pending: (() => void) | null = null;
  let id = 0;
  const s: FrameScheduler & { frame(ms: number): void; idle(): boolean } = {
    now: () => now,
    request(cb) {
      pending = cb;
      return ++id;
    },
    cancel() {
      pending = null;
    },
    frame(ms) {
      now += ms;
      const cb = pending;
      pending = null;
      cb?.();
    },
    idle: () => pending === null,
  };
  return s;
}

/** 12 LiDAR sweeps at 10 Hz (t = 0.0 … 1.1 s) and a camera at 20 Hz over the same second. */
function sequence(): Scene {
  return Scene.parse({
    schemaVersion: 3,
    id: 'seq',
    name: 'seq',
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'lidar', name: 'LIDAR', kind: 'lidar', frame: 'velodyne' },
      { id: 'cam', name: 'CAM', kind: 'camera', frame: 'cam', intrinsics: { width: 100, height: 100, fx: 100, fy: 100, cx: 50, cy: 50 } },
    ],
    streams: [
      { id: 'lidar', sensor: 'lidar', samples: Array.from({ length: 12 }, (_, i) => ({ id: `l${i}`, t: i / 10 })) },
      { id: 'cam', sensor: 'cam', samples: Array.from({ length: 23 }, (_, i) => ({ id: `c${i}`, t: i / 20 })) },
    ],
    objects: {},
    annotations: {},
  });
}

function setup() {
  const store = createWorkbenchStore({ storage: null });
  store.getState().loadScene(sequence(), 'test');
  const clock = fakeScheduler();
  const playback = createPlayback(store, clock);
  return { store, clock, playback, playhead: () => store.getState().live.playhead };
}

describe('playback', () => {
  it('moves the playhead by wall time × rate and stops at the end of the scene', () => {
    const { clock, playback, playhead } = setup();
    playback.getState().play();
    expect(playback.getState().playing).toBe(true);
    clock.frame(16); // the first frame after play: 16 ms of wall time at 1×
    expect(playhead()).toBeCloseTo(0.016, 9);
    for (let i = 0; i < 30; i++) clock.frame(10);
    expect(playhead()).toBeCloseTo(0.316, 9);
    playback.getState().setRate(2);
    clock.frame(100);
    expect(playhead()).toBeCloseTo(0.516, 9);
    playback.getState().setRate(0.25);
    clock.frame(400);
    expect(playhead()).toBeCloseTo(0.616, 9);
    // run past the end: clamped to the last sample (1.1 s) and stopped
    clock.frame(10_000);
    expect(playhead()).toBe(1.1);
    expect(playback.getState().playing).toBe(false);
    expect(clock.idle()).toBe(true);
    // play at the end starts over
    playback.getState().play();
    expect(playhead()).toBe(0);
  });

  it('rates are clamped to 0.25×–4×', () => {
    const { playback } = setup();
    playback.getState().setRate(10);
    expect(playback.getState().rate).toBe(4);
    playback.getState().setRate(0.01);
    expect(playback.getState().rate).toBe(0.25);
  });

  it('pause keeps the playhead; play continues from it', () => {
    const { clock, playback, playhead } = setup();
    playback.getState().toggle();
    clock.frame(200);
    playback.getState().toggle();
    expect(playback.getState().playing).toBe(false);
    clock.frame(500);
    expect(playhead()).toBeCloseTo(0.2, 9);
    playback.getState().play();
    clock.frame(100);
    expect(playhead()).toBeCloseTo(0.3, 9);
  });

  it('shuttle: L plays forward at 1×, again doubles to 4× at most; J reverses at 1×; reverse stops at the start', () => {
    const { store, clock, playback, playhead } = setup();
    store.getState().setPlayhead(0.5);
    const p = playback.getState();
    p.shuttle(1);
    expect([playback.getState().direction, playback.getState().rate]).toEqual([1, 1]);
    p.shuttle(1);
    expect(playback.getState().rate).toBe(2);
    p.shuttle(1);
    p.shuttle(1);
    expect(playback.getState().rate).toBe(4);
    clock.frame(50); // 0.05 s × 4
    expect(playhead()).toBeCloseTo(0.7, 9);
    p.shuttle(-1);
    expect([playback.getState().direction, playback.getState().rate]).toEqual([-1, 1]);
    clock.frame(300);
    expect(playhead()).toBeCloseTo(0.4, 9);
    clock.frame(5000);
    expect(playhead()).toBe(0);
    expect(playback.getState().playing).toBe(false);
  });

  it('a seek while playing re-anchors the clock there', () => {
    const { store, clock, playback, playhead } = setup();
    playback.getState().play();
    clock.frame(100);
    store.getState().setPlayhead(0.8);
    clock.frame(50);
    expect(playhead()).toBeCloseTo(0.8, 9); // the seek's frame counts from the seek
    clock.frame(100);
    expect(playhead()).toBeCloseTo(0.9, 9);
  });

  it('loading another scene stops playback', () => {
    const { store, playback } = setup();
    playback.getState().play();
    store.getState().loadScene(sequence(), 'again');
    expect(playback.getState().playing).toBe(false);
  });

  it('counts no dropped frames when animation frames come faster than samples', () => {
    const { clock, playback } = setup();
    playback.getState().play();
    while (playback.getState().playing) clock.frame(1000 / 60);
    const s = playback.getState().stats();
    expect(s.slowest).toBe('lidar');
    const lidar = s.streams.find((x) => x.stream === 'lidar')!;
    expect(lidar).toMatchObject({ expected: 12, reached: 12, dropped: 0 });
    expect(s.dropped).toBe(0);
    expect(s.tickMs.median).toBeCloseTo(1000 / 60, 6);
  });

  it('counts the samples a slow animation frame skipped (the next one came first)', () => {
    const { clock, playback } = setup();
    playback.getState().play();
    const ticks: number[] = [];
    while (playback.getState().playing) {
      clock.frame(250);
      ticks.push(Math.min(1.1, (ticks.length + 1) * 0.25));
    }
    // independent reference: the 10 Hz sweep shown at t is floor(10 t); frames at 0 (play), 0.25, 0.5 … 1.1
    const shown = new Set([0, ...ticks.map((t) => Math.floor(t * 10 + 1e-9))]);
    const s = playback.getState().stats();
    const lidar = s.streams.find((x) => x.stream === 'lidar')!;
    expect(lidar.expected).toBe(12);
    expect(lidar.reached).toBe(shown.size);
    expect(s.dropped).toBe(12 - shown.size);
    expect(s.dropped).toBe(6); // shown: 0, 2, 5, 7, 10, 11
    const cam = s.streams.find((x) => x.stream === 'cam')!;
    expect(cam.dropped).toBe(23 - new Set([0, ...ticks.map((t) => Math.floor(t * 20 + 1e-9))]).size);
  });
});
