/**
 * Preference-tuning rows (JSON Lines) from the scene's ranked comparisons (Scene.comparisons).
 *
 * The shape is what DPO-style trainers read — TRL's `DPOTrainer` takes `prompt` / `chosen` /
 * `rejected` columns, its vision variant an `image` (or `images`) column — plus what a reviewer needs
 * to trace a row back: one JSON object per line,
 *
 *   {"id", "scene", "image", "prompt", "chosen", "rejected", "chosen_rank", "rejected_rank", "reasons"}
 *
 * - Pairs: every (higher, lower) pair of a comparison's ranking — n(n−1)/2 rows for n candidates —
 *   best pairs first: ordered by the chosen text's rank, then the rejected one's ((1,2), (1,3), …,
 *   (2,3), …). `id` = `<comparison id>#<pair index, 1-based in that order>`; ranks are 1-based.
 * - `image`: the URI of the sample the comparison is about (its `sensor` + `sample`; when it names
 *   none, the prompt document's), as the scene's stream stores it; null when there is none.
 * - `prompt`: the text of the comparison's prompt document (else the prompt every candidate answers,
 *   when they agree on one); "" for plain captions.
 * - `chosen` / `rejected`: the candidates' texts byte for byte (JSON.stringify escapes; nothing is
 *   trimmed or normalised).
 * - `reasons`: the annotator's reason first, as written; then grounding evidence from the text
 *   flags (core/text `textFlags`): each hallucination or contradiction flag in the rejected text,
 *   then in the chosen one, in text order, as a sentence naming the candidate and its words.
 *
 * Comparisons without a ranking are not judged yet: they are listed in `summary.dropped`.
 */
import { documentKind, type Comparison, type Scene, type TextDocument } from '../../schema';
import { textFlags, type TextFlag } from '../../text';
import type { ExportSummary } from '../common';

export interface PreferenceRow {
  id: string;
  scene: string;
  image: string | null;
  prompt: string;
  chosen: string;
  rejected: string;
  chosen_rank: number;
  rejected_rank: number;
  reasons: string[];
}

/** The URI of `sensor`'s sample `sample`, or null. */
function sampleUri(scene: Scene, sensor: string | undefined, sample: string | undefined): string | null {
  if (sensor === undefined || sample === undefined) return null;
  for (const st of scene.streams) if (st.sensor === sensor) for (const s of st.samples) if (s.id === sample) return s.uri ?? null;
  return null;
}

/** The prompt document of a comparison: its own, else the one every candidate answers. */
function promptOf(c: Comparison, docs: ReadonlyMap<string, TextDocument>): TextDocument | undefined {
  if (c.prompt !== undefined) return docs.get(c.prompt);
  const answered = new Set(c.candidates.map((id) => docs.get(id)?.prompt));
  const [only] = answered;
  return answered.size === 1 && only !== undefined ? docs.get(only) : undefined;
}

/**
 * `rejected response "r2" (rank 2): possible hallucination: "dog" names Animal, but …` — the
 * candidate, then the flag's own message (it quotes the flagged words; they are put in front when it
 * does not, and "contradiction" when it does not say so).
 */
function evidence(role: 'chosen' | 'rejected', doc: TextDocument, rank: number, flag: TextFlag): string {
  const what = `${role} ${documentKind(doc)} "${doc.title ?? doc.id}" (rank ${rank})`;
  const words = doc.text.slice(flag.start, flag.end);
  const kind = flag.kind === 'hallucination' ? 'possible hallucination' : 'contradiction';
  const message = flag.message.includes(kind) ? flag.message : `${kind}: ${flag.message}`;
  return `${what}: ${flag.message.includes(`"${words}"`) ? message : `${kind} "${words}": ${flag.message}`}`;
}

/** Ranked comparisons → preference rows (see the module comment), in the scene's comparison order. */
export function preferenceRows(scene: Scene): { rows: PreferenceRow[]; summary: ExportSummary } {
  const docs = new Map(scene.documents.map((d) => [d.id, d]));
  const flagCache = new Map<string, TextFlag[]>();
  const flagsOf = (doc: TextDocument): TextFlag[] => {
    let f = flagCache.get(doc.id);
    if (!f) {
      f = textFlags(scene, { document: doc.id })
        .filter((x) => x.kind === 'hallucination' || x.kind === 'contradiction')
        .sort((a, b) => a.start - b.start || a.end - b.end);
      flagCache.set(doc.id, f);
    }
    return f;
  };
  const rows: PreferenceRow[] = [];
  let unranked = 0;
  let ranked = 0;
  for (const c of Object.values(scene.comparisons)) {
    if (!c.ranking) {
      unranked++;
      continue;
    }
    ranked++;
    const prompt = promptOf(c, docs);
    const image = c.sample !== undefined ? sampleUri(scene, c.sensor, c.sample) : sampleUri(scene, prompt?.sensor, prompt?.sample);
    const ranking = c.ranking.map((id) => {
      const d = docs.get(id);
      if (!d) throw new Error(`comparison "${c.id}" ranks unknown document "${id}"`);
      return d;
    });
    let k = 0;
    for (let i = 0; i < ranking.length; i++)
      for (let j = i + 1; j < ranking.length; j++) {
        const [chosen, rejected] = [ranking[i], ranking[j]];
        const reasons: string[] = [];
        if (c.reason !== undefined && c.reason !== '') reasons.push(c.reason);
        for (const f of flagsOf(rejected)) reasons.push(evidence('rejected', rejected, j + 1, f));
        for (const f of flagsOf(chosen)) reasons.push(evidence('chosen', chosen, i + 1, f));
        rows.push({ id: `${c.id}#${++k}`, scene: scene.id, image, prompt: prompt?.text ?? '', chosen: chosen.text, rejected: rejected.text, chosen_rank: i + 1, rejected_rank: j + 1, reasons });
      }
  }
  const summary: ExportSummary = { written: { comparisons: ranked, rows: rows.length }, dropped: [] };
  if (unranked) summary.dropped.push({ what: 'comparison', count: unranked, reason: 'not ranked yet: an unjudged comparison has no preferred text' });
  return { rows, summary };
}

/** Rows as JSON Lines: one object per line, each line ending with `\n` (an empty file when there is none). */
export function toJsonLines(rows: readonly PreferenceRow[]): string {
  return rows.map((r) => JSON.stringify(r) + '\n').join('');
}

/** Scene → `preference.jsonl` text and summary. */
export function exportPreferenceJsonl(scene: Scene): { text: string; summary: ExportSummary } {
  const { rows, summary } = preferenceRows(scene);
  return { text: toJsonLines(rows), summary };
}
