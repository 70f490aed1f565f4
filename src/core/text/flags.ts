/**
 * Hallucination and contradiction flags of one text (a document or a transcript segment).
 *
 * What the text describes and which objects are present there: grounding.ts. A mention is a
 * detected class mention (mentions.ts) or a linked span (a textSpan of the host); a mention counts
 * as linked when a span of the host overlaps it.
 *
 * - `hallucination`: a mention that is not negated, of class C, when no object of class C is
 *   present in what the text describes. A detected mention's class is the class its words name; a
 *   linked span in which no mention is detected ("it", "the vehicle", words of another language)
 *   stands for its object's class. Notes are never flagged; a text that describes nothing (a
 *   transcript of a scene without a visual stream) has no hallucinations but may contradict.
 * - `contradiction`, per linked span and its object:
 *   (a) class: the span's words name classes (detected, not negated) and none is the object's
 *       ("truck" linked to a van);
 *   (b) colour: a colour asserted about the span's mention (assertions.ts: "the dark red car", "the
 *       car is red") agrees with none of the object's colour values — its annotation's
 *       `color`/`colour` attribute on a sample the text describes, else the object's own attribute
 *       (colours.ts: "grey" and "silver" agree; "other" is never compared);
 *   (c) size: a size asserted about it ("a 2.3 cm nodule", "the truck is 12 m long") disagrees with
 *       every measurement of the object: each cuboid's largest side (cuboids on described samples,
 *       else all its cuboids — a track keeps its size), or, without a cuboid, each box2d's larger
 *       side times its camera's `metadata.pixelSpacing` (mm per pixel: a number, or [row, column]
 *       spacing as DICOM writes it; a camera without it gives no measurement). A size disagrees
 *       when it is off by more than 25 % of the measurement AND by more than the stated precision
 *       (half a unit of its last digit).
 *   The assertions are read around each mention inside the span, or around the span's last word
 *   when it holds no mention.
 *
 * Cost: one pass of words over the text (about 0.1 ms for 5,000 characters) plus set lookups; a
 * 5,000-character caption with 50 spans takes well under 5 ms (flags.test.ts).
 */
import type { Scene, TextHost, TextSpan } from '../schema';
import { assertionsAbout, type Assertions } from './assertions';
import { colourValue } from './colours';
import { groundingOf, type Described, type SceneGrounding } from './grounding';
import { classLexicon, type Lexicon } from './lexicon';
import { analyzeText, type TextAnalysis } from './mentions';

export interface TextFlag {
  kind: 'hallucination' | 'contradiction';
  /** The flagged words [start, end) (UTF-16 code units of the host's text). */
  start: number;
  end: number;
  /** The class the words name (hallucination, class contradiction). */
  classId?: string;
  /** The linked object (contradiction; a hallucination from a linked span). */
  object?: string;
  /** The linked span. */
  spanId?: string;
  /** Which rule: `mention` / `span` (hallucination), `class` / `colour` / `size` (contradiction). */
  rule: 'mention' | 'span' | 'class' | 'colour' | 'size';
  message: string;
}

const ANALYSIS_CACHE = 16;
const analyses = new WeakMap<Lexicon, Map<string, TextAnalysis>>();

/** analyzeText, remembering the last few texts per lexicon (the editor and the flags read the same text). */
export function analysisOf(lexicon: Lexicon, text: string): TextAnalysis {
  let m = analyses.get(lexicon);
  if (!m) analyses.set(lexicon, (m = new Map()));
  const hit = m.get(text);
  if (hit) return hit;
  const a = analyzeText(lexicon, text);
  if (m.size >= ANALYSIS_CACHE) m.delete(m.keys().next().value!);
  m.set(text, a);
  return a;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/** The flags of one host's text (see the module comment), in text order. */
export function textFlags(scene: Scene, host: TextHost, lexicon: Lexicon = classLexicon(scene.taxonomy), grounding: SceneGrounding = groundingOf(scene)): TextFlag[] {
  const text = grounding.hostText(host);
  if (text === undefined) return [];
  const described = grounding.describedBy(host);
  if (described.note) return [];
  const an = analysisOf(lexicon, text);
  const spans = grounding.spans(host).filter((s) => s.start < s.end && s.end <= text.length);
  const out: TextFlag[] = [];
  if (described.scope !== 'none') hallucinations(scene, grounding, described, an, spans, out);
  if (spans.length) {
    const mentionWords = new Set<number>();
    for (let i = 0; i < an.mentions.length; i++) for (let k = an.first[i]; k <= an.last[i]; k++) mentionWords.add(k);
    for (const s of spans) contradictions(scene, grounding, described, an, mentionWords, s, out);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

const className = (scene: Scene, id: string): string => scene.taxonomy.classes.find((c) => c.id === id)?.name ?? id;
const objectName = (scene: Scene, id: string): string => {
  const o = scene.objects[id];
  return o?.name ? `${o.name} (${id})` : `"${id}"`;
};

function hallucinations(scene: Scene, g: SceneGrounding, d: Described, an: TextAnalysis, spans: readonly TextSpan[], out: TextFlag[]): void {
  const present = g.classesIn(d);
  const where = d.scope === 'scene' ? 'anywhere in the scene' : `in ${d.label}`;
  for (const m of an.mentions) {
    if (m.negated || present.has(m.classId)) continue;
    out.push({ kind: 'hallucination', rule: 'mention', start: m.start, end: m.end, classId: m.classId, message: `possible hallucination: "${m.surface}" names ${className(scene, m.classId)}, but no ${className(scene, m.classId)} is annotated ${where}` });
  }
  const seen = new Set<string>();
  for (const s of spans) {
    if (an.mentions.some((m) => overlaps(m, s))) continue;
    const cls = scene.objects[s.object]?.classId;
    if (cls === undefined || present.has(cls) || seen.has(`${s.start}:${s.end}:${cls}`)) continue;
    seen.add(`${s.start}:${s.end}:${cls}`);
    out.push({
      kind: 'hallucination', rule: 'span', start: s.start, end: s.end, classId: cls, object: s.object, spanId: s.id,
      message: `possible hallucination: "${an.text.slice(s.start, s.end)}" is linked to ${objectName(scene, s.object)}, a ${className(scene, cls)}, but no ${className(scene, cls)} is annotated ${where}`,
    });
  }
}

function contradictions(scene: Scene, g: SceneGrounding, d: Described, an: TextAnalysis, mentionWords: ReadonlySet<number>, s: TextSpan, out: TextFlag[]): void {
  const obj = scene.objects[s.object];
  if (!obj) return;
  const inside: number[] = [];
  an.mentions.forEach((m, i) => {
    if (overlaps(m, s)) inside.push(i);
  });
  const named = new Set(inside.filter((i) => !an.mentions[i].negated).map((i) => an.mentions[i].classId));
  const who = objectName(scene, obj.id);
  if (named.size && !named.has(obj.classId)) {
    const cls = [...named][0];
    out.push({
      kind: 'contradiction', rule: 'class', start: s.start, end: s.end, classId: cls, object: obj.id, spanId: s.id,
      message: `"${an.text.slice(s.start, s.end)}" names ${[...named].map((c) => className(scene, c)).join(', ')}, but it is linked to ${who}, a ${className(scene, obj.classId)}`,
    });
  }
  const anchors: [number, number][] = inside.map((i) => [an.first[i], an.last[i]]);
  if (!anchors.length) {
    let lastWord = -1;
    for (let k = 0; k < an.tokens.length && an.tokens[k].start < s.end; k++) if (an.tokens[k].end > s.start) lastWord = k;
    if (lastWord >= 0) anchors.push([lastWord, lastWord]);
  }
  const assertions: Assertions[] = anchors.map(([f, l]) => assertionsAbout(an.text, an.tokens, f, l, (k) => mentionWords.has(k) && (k < f || k > l)));
  const colours = colourOfObject(scene, g, d, obj.id);
  if (colours) {
    for (const a of assertions) {
      const c = a.colour;
      if (!c || c.colours.some((vals) => vals.some((v) => colours.includes(v)))) continue;
      out.push({
        kind: 'contradiction', rule: 'colour', start: c.start, end: c.end, object: obj.id, spanId: s.id,
        message: `"${an.text.slice(c.start, c.end)}" contradicts the colour of ${who}: ${colours[0]}`,
      });
    }
  }
  const sizes = assertions.flatMap((a) => a.sizes);
  if (sizes.length) {
    const measured = measurements(scene, g, d, obj.id);
    for (const z of sizes) {
      if (!measured.length) break;
      const agrees = measured.some((m) => Math.abs(z.metres - m.metres) <= 0.25 * m.metres || Math.abs(z.metres - m.metres) <= z.precision);
      if (agrees) continue;
      const near = measured.reduce((a, b) => (Math.abs(b.metres - z.metres) < Math.abs(a.metres - z.metres) ? b : a));
      out.push({
        kind: 'contradiction', rule: 'size', start: z.start, end: z.end, object: obj.id, spanId: s.id,
        message: `"${an.text.slice(z.start, z.end)}" (${fmt(z.metres)} m) contradicts the size of ${who}: ${near.what} measures ${fmt(near.metres)} m`,
      });
    }
  }
}

const fmt = (m: number): string => (m >= 10 ? m.toFixed(1) : m >= 0.1 ? m.toFixed(2) : m.toPrecision(2));

const COLOUR_KEYS = ['color', 'colour'] as const;
const inDescribed = (d: Described, sensor: string, sample: string): boolean => d.samples.some((x) => x.sensor === sensor && x.sample === sample);

/** The object's colour values: its annotations' color/colour attribute on described samples, else its own; undefined when unknown. */
function colourOfObject(scene: Scene, g: SceneGrounding, d: Described, object: string): readonly string[] | undefined {
  if (d.scope === 'samples')
    for (const a of g.annotationsOf(object))
      if ('sample' in a && a.attributes && inDescribed(d, a.sensor, a.sample))
        for (const k of COLOUR_KEYS) {
          const v = colourValue(a.attributes[k]);
          if (v) return v;
        }
  const attrs = scene.objects[object]?.attributes ?? {};
  for (const k of COLOUR_KEYS) {
    const v = colourValue(attrs[k]);
    if (v) return v;
  }
  return undefined;
}

/** Sizes of the object in metres (see the module comment, rule c), each with what was measured. */
function measurements(scene: Scene, g: SceneGrounding, d: Described, object: string): { metres: number; what: string }[] {
  const anns = g.annotationsOf(object);
  const cuboids = anns.filter((a) => a.kind === 'cuboid');
  const onDescribed = cuboids.filter((a) => inDescribed(d, a.sensor, a.sample));
  const use = onDescribed.length ? onDescribed : cuboids;
  if (use.length) return use.map((c) => ({ metres: Math.max(c.size.l, c.size.w, c.size.h), what: `its cuboid "${c.id}" (largest side)` }));
  const out: { metres: number; what: string }[] = [];
  for (const a of anns) {
    if (a.kind !== 'box2d' || (d.scope === 'samples' && !inDescribed(d, a.sensor, a.sample))) continue;
    const sp = pixelSpacing(scene, a.sensor);
    if (!sp) continue;
    const mm = Math.max((a.x1 - a.x0) * sp.column, (a.y1 - a.y0) * sp.row);
    out.push({ metres: mm / 1000, what: `its box "${a.id}" (larger side at ${sp.column === sp.row ? sp.row : `${sp.row}×${sp.column}`} mm/px)` });
  }
  return out;
}

/** A camera's `metadata.pixelSpacing` in mm per pixel: a positive number, or [row, column] spacing (DICOM order); undefined otherwise. */
export function pixelSpacing(scene: Scene, sensor: string): { row: number; column: number } | undefined {
  const v = scene.sensors.find((s) => s.id === sensor)?.metadata?.pixelSpacing;
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;
  if (ok(v)) return { row: v, column: v };
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return { row: v[0], column: v[1] };
  return undefined;
}


