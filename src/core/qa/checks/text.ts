/**
 * Text against the other modalities, for every document and every transcript segment (a
 * timeSegment with `text`); the rules are core/text's (grounding.ts, flags.ts).
 * - `text.hallucination` (warning): a mention of a class with no object of that class present in
 *   what the text describes (a flag of kind `hallucination`).
 * - `text.contradiction` (error): a linked span whose words name another class than its object's,
 *   or a colour or size asserted about it that its object's attribute or measured size contradicts
 *   (a flag of kind `contradiction`; names the object).
 * - `text.ungrounded-span` (warning): a text span whose object has no cuboid, box, polygon, mask or
 *   time segment anywhere.
 * A finding names the host and the flagged range in its message (`caption "cap" [4, 7): …`), and in
 * `sensors` / `samples` what the text describes so that the QA view can jump there: a frame
 * caption's sample; for a transcript segment, each visual stream's sample nearest its midpoint;
 * nothing for a text about the whole scene or a whole stream (its sensor). Finding ids do not
 * depend on offsets (an edit elsewhere in the text keeps them): host, class or span, rule and the
 * flag's rank among the host's flags with the same key.
 */
import type { Scene, TextHost } from '../../schema';
import type { SampleIndex } from '../../projection/sampleIndex';
import type { PairCache } from '../../projection/scene';
import { classLexicon, hostKey, SceneGrounding, textFlags, type Described } from '../../text';
import type { QaContext } from '../context';
import { finding, type Finding } from '../finding';

/** Every text host of the scene: its documents, then its transcript segments. */
export function textHosts(scene: Scene, g: SceneGrounding): TextHost[] {
  const out: TextHost[] = scene.documents.map((d) => ({ document: d.id }));
  for (const id of g.transcriptSegments().keys()) out.push({ segment: id });
  return out;
}

/** Where the QA view jumps for a host: the described sample when it is one, a segment's sample per visual stream nearest its midpoint, else the sensor alone. */
function jumpTo(g: SceneGrounding, host: TextHost, d: Described): { sensors: string[]; samples: string[] } {
  if (d.scope !== 'samples') return { sensors: [], samples: [] };
  if (d.samples.length === 1) return { sensors: [d.samples[0].sensor], samples: [d.samples[0].sample] };
  const seg = host.segment !== undefined ? g.transcriptSegments().get(host.segment) : undefined;
  if (!seg) return { sensors: [...new Set(d.samples.map((s) => s.sensor))], samples: [] };
  const mid = (seg.start + seg.end) / 2;
  const best = new Map<string, (typeof d.samples)[number]>();
  for (const s of d.samples) {
    const b = best.get(s.sensor);
    if (!b || Math.abs(s.t - mid) < Math.abs(b.t - mid)) best.set(s.sensor, s);
  }
  return { sensors: [...best.keys()], samples: [...best.values()].map((s) => s.sample) };
}

const hostLabel = (scene: Scene, host: TextHost): string => {
  if (host.segment !== undefined) return `transcript segment "${host.segment}"`;
  const d = scene.documents.find((x) => x.id === host.document);
  return `${d?.kind ?? 'description'} "${host.document}"`;
};

/** The text findings of a scene (see the module comment). `samples` / `cache`: the run's, to share them. */
export function textFindings(scene: Scene, opts: { samples?: SampleIndex; cache?: PairCache } = {}): Finding[] {
  const out: Finding[] = [];
  if (!scene.documents.length && !Object.keys(scene.annotations).some((k) => k.startsWith('sensor:') || k.startsWith('segment:'))) return out;
  const g = new SceneGrounding(scene, opts);
  const lexicon = classLexicon(scene.taxonomy);
  for (const host of textHosts(scene, g)) {
    const d = g.describedBy(host);
    const where = jumpTo(g, host, d);
    const label = hostLabel(scene, host);
    const hk = hostKey(host);
    const rank = new Map<string, number>();
    const keyOf = (k: string): string => {
      const n = rank.get(k) ?? 0;
      rank.set(k, n + 1);
      return `${hk}\u0001${k}\u0001${n}`;
    };
    for (const f of textFlags(scene, host, lexicon, g)) {
      const message = `${label} [${f.start}, ${f.end}): ${f.message}`;
      if (f.kind === 'hallucination')
        out.push(finding({ check: 'text.hallucination', severity: 'warning', ...where, key: keyOf(`${f.rule}\u0001${f.spanId ?? ''}\u0001${f.classId}`), message }));
      else out.push(finding({ check: 'text.contradiction', severity: 'error', object: f.object, ...where, key: keyOf(`${f.rule}\u0001${f.spanId}`), message }));
    }
    for (const s of g.spans(host))
      if (scene.objects[s.object] && !g.isGrounded(s.object))
        out.push(finding({ check: 'text.ungrounded-span', severity: 'warning', object: s.object, ...where, key: s.id, message: `${label}: text span "${s.id}" refers to object "${s.object}", which has no cuboid, box, polygon, mask or time segment anywhere` }));
  }
  return out;
}

export function checkText(scene: Scene, ctx: QaContext): Finding[] {
  return textFindings(scene, { samples: ctx.index.samples, cache: ctx.cache });
}
