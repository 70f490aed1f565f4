/**
 * Simulated annotators for the load benchmark and the fault tests. Each annotator signs in (to one
 * of the given instances, round robin), then moves its own cuboid: one edit at a time (the next
 * after the previous one's answer, as the browser's sync client does), at a fixed rate or as fast
 * as answers come. A failed send (connection refused or reset, 5xx) is resent with the SAME editId
 * until it is answered: the server answers a resend of a logged edit with its first answer, so a
 * retry never applies twice. Afterwards `verifyLog` reads the scene's log back and checks that
 * every acknowledged edit is there at the revision it was acknowledged with.
 */
import { randomUUID } from 'node:crypto';
import type { Annotation, Scene } from '../../core/schema';
import { syntheticSequence } from '../../core/testing/syntheticSequence';
import { signIn, type ApiSession } from './client';

export interface LoadProject {
  projectId: string;
  sceneId: string;
  scene: Scene;
  /** One per annotator: name, password and the cuboid it moves. */
  annotators: { name: string; password: string; annotation: string; sample: string }[];
}

/** A project with a scene of `count` cuboids (one per annotator, synthetic sequence) and `count` annotator accounts. */
export async function setupLoadProject(admin: ApiSession, count: number): Promise<LoadProject> {
  const suffix = randomUUID().slice(0, 6);
  const { project } = await admin.request<{ project: { id: string } }>('POST', '/api/projects', { name: `load ${suffix}` });
  const { scene } = syntheticSequence(1, count);
  const created = await admin.request<{ id: string }>('POST', `/api/projects/${project.id}/scenes`, { scene, name: 'load' });
  const annotators: LoadProject['annotators'] = [];
  for (let k = 0; k < count; k++) {
    const name = `load-${suffix}-${k}`;
    const password = `pw-${suffix}-${k}`;
    await admin.request('POST', '/api/users', { name, password });
    await admin.request('POST', `/api/projects/${project.id}/members`, { name, role: 'annotator' });
    annotators.push({ name, password, annotation: `c${k}-0`, sample: 'lidar/000000' });
  }
  return { projectId: project.id, sceneId: created.id, scene, annotators };
}

export interface Ack {
  editId: string;
  revision: number;
  annotation: string;
  x: number;
}

export interface LoadResult {
  annotators: number;
  seconds: number;
  /** Edits sent (each once, however many times resent). */
  sent: number;
  acked: Ack[];
  /** Milliseconds from the first send of an edit to its answer (resends included). */
  latencies: number[];
  /** Sends that failed (network or 5xx) and were resent. */
  resends: number;
  /** Answers saying the edit was already in the log (a resend after a lost answer). */
  duplicates: number;
  /** Edits refused (409/422/other 4xx) with their messages: none are expected (each annotator has its own cuboid). */
  refused: string[];
  /** Edits still unanswered when the run gave up (after `graceMs`). */
  unanswered: number;
}

export interface RunOptions {
  urls: readonly string[];
  project: LoadProject;
  seconds: number;
  /** Edits per second per annotator; 0 = as fast as answers come. */
  rate: number;
  /** How long past the end an unanswered edit keeps being resent (default 30 s). */
  graceMs?: number;
  /** Checked before each new edit: true stops the run early (the fault tests stop N edits after a restart). */
  stopWhen?: () => boolean;
  /** Called on each acknowledgement (the fault tests kill things after N). */
  onAck?: (ack: Ack, total: number) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the annotators; resolves when every one has stopped. */
export async function runAnnotators(opts: RunOptions): Promise<LoadResult> {
  const { project, urls } = opts;
  const sessions = await Promise.all(project.annotators.map((a, k) => signIn(urls[k % urls.length], a.name, a.password)));
  const result: LoadResult = { annotators: sessions.length, seconds: opts.seconds, sent: 0, acked: [], latencies: [], resends: 0, duplicates: 0, refused: [], unanswered: 0 };
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const giveUp = end + (opts.graceMs ?? 30_000);
  const interval = opts.rate > 0 ? 1000 / opts.rate : 0;

  const annotator = async (k: number): Promise<void> => {
    const s = sessions[k];
    const a = project.annotators[k];
    const base = project.scene.annotations[a.sample][a.annotation] as Extract<Annotation, { kind: 'cuboid' }>;
    const clientId = randomUUID();
    let revision = 0;
    // Spread the annotators over the first interval so they do not all send at once.
    let next = start + (interval * k) / sessions.length;
    for (let i = 0; ; i++) {
      if (opts.stopWhen?.()) break;
      if (interval) {
        // Bounded: no new edit after the end, even when the server fell behind the schedule (the
        // shortfall shows in the throughput; latency is timed from each edit's actual send).
        if (next >= end || performance.now() >= end) break;
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        next += interval;
      } else if (performance.now() >= end) break;
      const x = Math.round((base.center.x + (i + 1) * 0.01) * 1000) / 1000;
      const edit = {
        editId: randomUUID(),
        clientId,
        baseRevision: revision,
        label: 'move cuboid',
        patches: [{ op: 'replace', path: ['annotations', a.sample, a.annotation], value: { ...base, center: { ...base.center, x } } }],
      };
      result.sent++;
      const t0 = performance.now();
      let backoff = 50;
      for (;;) {
        let res: Response | undefined;
        try {
          res = await s.raw('POST', `/api/scenes/${project.sceneId}/edits`, edit);
        } catch {
          res = undefined;
        }
        if (res && res.ok) {
          const ack = (await res.json()) as { revision: number; duplicate?: boolean };
          result.latencies.push(performance.now() - t0);
          if (ack.duplicate) result.duplicates++;
          revision = Math.max(revision, ack.revision);
          const logged = { editId: edit.editId, revision: ack.revision, annotation: a.annotation, x };
          result.acked.push(logged);
          opts.onAck?.(logged, result.acked.length);
          break;
        }
        if (res && res.status < 500) {
          const body = await res.text();
          result.refused.push(`${res.status} ${body.slice(0, 300)}`);
          // A refused edit is reported, never retried as it is: reload the revision and go on.
          if (res.status === 409) revision = (JSON.parse(body) as { revision?: number }).revision ?? revision;
          break;
        }
        if (res) await res.body?.cancel();
        if (performance.now() > giveUp) {
          result.unanswered++;
          return;
        }
        result.resends++;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  };
  await Promise.all(sessions.map((_, k) => annotator(k)));
  return result;
}

export interface LogCheck {
  /** Edits in the log. */
  logged: number;
  /** Acknowledged edits missing from the log or at another revision. */
  lost: Ack[];
  /** editIds logged more than once (a resend applied twice). */
  doubled: string[];
  /** Cuboids whose final position is not their last acknowledged move. */
  wrongFinal: string[];
}

/** Reads the scene's whole log and its current state back through `reader` and checks them against the acknowledgements. */
export async function verifyLog(reader: ApiSession, project: LoadProject, acked: readonly Ack[]): Promise<LogCheck> {
  const byId = new Map<string, number[]>();
  let since = 0;
  for (;;) {
    const page = await reader.request<{ edits: { revision: number; editId: string }[] }>('GET', `/api/scenes/${project.sceneId}/edits?since=${since}&limit=5000`);
    for (const e of page.edits) byId.set(e.editId, [...(byId.get(e.editId) ?? []), e.revision]);
    if (page.edits.length === 0) break;
    since = page.edits.at(-1)!.revision;
  }
  const lost = acked.filter((a) => byId.get(a.editId)?.[0] !== a.revision);
  const doubled = [...byId].filter(([, revs]) => revs.length > 1).map(([id]) => id);
  const { scene } = await reader.request<{ scene: Scene }>('GET', `/api/scenes/${project.sceneId}`);
  const last = new Map<string, Ack>();
  for (const a of acked) if ((last.get(a.annotation)?.revision ?? -1) < a.revision) last.set(a.annotation, a);
  const wrongFinal = [...last.values()]
    .filter((a) => {
      const ann = scene.annotations['lidar/000000']?.[a.annotation] as Extract<Annotation, { kind: 'cuboid' }> | undefined;
      return ann?.center.x !== a.x;
    })
    .map((a) => a.annotation);
  return { logged: [...byId.values()].reduce((n, r) => n + r.length, 0), lost, doubled, wrongFinal };
}

/** Quantile of numbers (nearest rank). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
