/**
 * Preference comparisons (schema/comparisons.ts): two or more candidate texts about one image,
 * ranked by an annotator. Candidates are ordinary `response` documents, so their mentions are
 * linked and checked like any text; the comparison holds their order and the reason.
 *
 * The judgement fields follow one rule in `comparison/rank` and `comparison/pick`: `reason`, `by`
 * and `at` given as a string replace the recorded value ('' removes it); left out, the recorded
 * value stays (re-ordering by drag keeps the reason typed before). `ranking: undefined` clears the
 * whole judgement.
 */
import { Comparison, type Scene } from '../schema';
import { CommandError, defineCommand } from './command';
import { parseRecord } from './guard';
import { newId } from './ids';
import { peekField } from './draftAnnotations';
import { insertDocument, removeDocument } from './documents';

export interface CreateComparisonArgs {
  /** Omitted: a fresh `cmp_…` id. */
  id?: string;
  /** The image the candidates are about: a camera or video sensor, and one of its samples. */
  sensor?: string;
  sample?: string;
  /** The instruction: its text (a new `prompt` document is created) or an existing prompt document. */
  prompt?: string | { document: string };
  /** The candidate texts in the order shown (at least two); each becomes a `response` document. */
  candidates: { text: string; title?: string }[];
  /** Language of the new documents (default "en"). */
  language?: string;
}

function requireComparison(draft: Scene, id: string): Comparison {
  const c = peekField(draft, 'comparisons')[id];
  if (!c) throw new CommandError(`comparison "${id}" does not exist`);
  return c;
}

/** The image a comparison names: a camera/video sensor and (optionally) one of its samples. */
function checkImage(draft: Scene, what: string, sensor: string | undefined, sample: string | undefined): void {
  if (sample !== undefined && sensor === undefined) throw new CommandError(`${what}: sample "${sample}" needs its sensor`);
  if (sensor === undefined) return;
  const s = peekField(draft, 'sensors').find((x) => x.id === sensor);
  if (!s) throw new CommandError(`${what}: sensor "${sensor}" does not exist`);
  if (s.kind !== 'camera' && s.kind !== 'video') throw new CommandError(`${what}: sensor "${sensor}" is a ${s.kind} sensor; candidates describe a camera or video image`);
  if (sample !== undefined && !peekField(draft, 'streams').some((st) => st.sensor === sensor && st.samples.some((x) => x.id === sample)))
    throw new CommandError(`${what}: sample "${sample}" does not exist in sensor "${sensor}"`);
}

/** Create a comparison with its prompt (when given as text) and one response document per candidate, as one undo step. */
export const createComparison = defineCommand<CreateComparisonArgs>({
  type: 'comparison/create',
  label: 'New comparison',
  run(draft, args) {
    const id = args?.id ?? newId('cmp');
    const what = `comparison "${id}"`;
    if (peekField(draft, 'comparisons')[id]) throw new CommandError(`${what} already exists`);
    const { sensor, sample, language } = args;
    checkImage(draft, what, sensor, sample);
    if (!Array.isArray(args.candidates) || args.candidates.length < 2) throw new CommandError(`${what}: a comparison needs at least two candidates`);
    const where = { ...(sensor !== undefined ? { sensor } : {}), ...(sample !== undefined ? { sample } : {}), ...(language !== undefined ? { language } : {}) };
    let prompt: string | undefined;
    if (typeof args.prompt === 'string') prompt = insertDocument(draft, { kind: 'prompt', ...where, text: args.prompt });
    else if (args.prompt !== undefined) {
      const pid = args.prompt?.document;
      const doc = peekField(draft, 'documents').find((d) => d.id === pid);
      if (!doc) throw new CommandError(`${what}: prompt document ${JSON.stringify(pid)} does not exist`);
      if (doc.kind !== 'prompt') throw new CommandError(`${what}: "${pid}" is not a prompt document (its kind is ${doc.kind ?? 'description'})`);
      prompt = doc.id;
    }
    const candidates = args.candidates.map((c, i) => {
      if (c === null || typeof c !== 'object' || typeof c.text !== 'string') throw new CommandError(`${what}: candidate ${i + 1} needs a text (a string, may be empty)`);
      return insertDocument(draft, { kind: 'response', ...where, ...(c.title !== undefined ? { title: c.title } : {}), ...(prompt !== undefined ? { prompt } : {}), text: c.text });
    });
    draft.comparisons[id] = parseRecord(Comparison, { id, ...(sensor !== undefined ? { sensor } : {}), ...(sample !== undefined ? { sample } : {}), ...(prompt !== undefined ? { prompt } : {}), candidates }, what);
  },
});

export interface JudgementArgs {
  /** Why the first is better, kept as written; '' removes it, omitted keeps it. */
  reason?: string;
  /** Who judged; '' removes, omitted keeps. */
  by?: string;
  /** ISO 8601 time of the judgement; '' removes, omitted keeps. */
  at?: string;
}

/** Write ranking and judgement fields into the draft comparison (see the module comment). */
function judge(draft: Scene, id: string, ranking: string[], j: JudgementArgs): void {
  const what = `comparison "${id}"`;
  const c = draft.comparisons[id];
  for (const k of ['reason', 'by', 'at'] as const) {
    const v = j[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new CommandError(`${what}: ${k} must be a string`);
    if (k === 'at' && v !== '' && Number.isNaN(Date.parse(v))) throw new CommandError(`${what}: at ${JSON.stringify(v)} is not an ISO 8601 time`);
    if (v === '') delete c[k];
    else c[k] = v;
  }
  c.ranking = ranking;
}

/** Record the annotator's order, best first (a permutation of the candidates); `ranking: undefined` clears the judgement. */
export const rankComparison = defineCommand<{ id: string; ranking: string[] | undefined } & JudgementArgs>({
  type: 'comparison/rank',
  label: 'Rank candidates',
  run(draft, args) {
    const c = requireComparison(draft, args?.id);
    const what = `comparison "${c.id}"`;
    if (args.ranking === undefined) {
      const d = draft.comparisons[c.id];
      for (const k of ['ranking', 'reason', 'by', 'at'] as const) delete d[k];
      return;
    }
    const r = args.ranking;
    if (!Array.isArray(r)) throw new CommandError(`${what}: ranking must be a list of candidate document ids`);
    const unknown = r.find((x) => !c.candidates.includes(x));
    if (unknown !== undefined) throw new CommandError(`${what}: ${JSON.stringify(unknown)} is not one of its candidates (${c.candidates.join(', ')})`);
    if (new Set(r).size !== r.length || r.length !== c.candidates.length)
      throw new CommandError(`${what}: a ranking orders every candidate exactly once (${c.candidates.length} candidates, got ${JSON.stringify(r)})`);
    judge(draft, c.id, [...r], args);
  },
});

/** Pick the best candidate: it ranks first, the others follow in the order they were shown. */
export const pickBest = defineCommand<{ id: string; best: string } & JudgementArgs>({
  type: 'comparison/pick',
  label: 'Pick best candidate',
  run(draft, args) {
    const c = requireComparison(draft, args?.id);
    if (!c.candidates.includes(args.best)) throw new CommandError(`comparison "${c.id}": ${JSON.stringify(args.best)} is not one of its candidates (${c.candidates.join(', ')})`);
    judge(draft, c.id, [args.best, ...c.candidates.filter((d) => d !== args.best)], args);
  },
});

/**
 * Delete a comparison. With `documents: true` its candidate documents and its prompt go too
 * (with their spans), except documents another comparison still lists or names as its prompt, and
 * a prompt that a response outside this comparison answers.
 */
export const deleteComparison = defineCommand<{ id: string; documents?: boolean }>({
  type: 'comparison/delete',
  label: 'Delete comparison',
  run(draft, { id, documents }) {
    const c = requireComparison(draft, id);
    delete draft.comparisons[id];
    if (!documents) return;
    const others = Object.values(peekField(draft, 'comparisons'));
    const used = (doc: string): boolean => others.some((o) => o.prompt === doc || o.candidates.includes(doc));
    for (const doc of c.candidates) if (!used(doc)) removeDocument(draft, doc);
    if (c.prompt !== undefined && !used(c.prompt) && !peekField(draft, 'documents').some((d) => d.prompt === c.prompt)) removeDocument(draft, c.prompt);
  },
});
