/**
 * Text against the other modalities.
 * - `text.ungrounded-span` (warning): a text span whose object has no spatial annotation (cuboid,
 *   box2d, polygon, mask) anywhere — a possible hallucination.
 * - `text.absent-class` (warning): a document that mentions a class (id, name or synonym, whole
 *   word, plural allowed) while the scene has no object of that class; one finding per document and class.
 * - `text.span-contradiction` (warning): a span whose covered text names another class and not its object's.
 */
import type { Scene } from '../../schema';
import { classTerms, findClassMentions, type ClassTerm } from '../classes';
import type { QaContext } from '../context';
import { finding, type Finding } from '../finding';

const SPATIAL = new Set(['cuboid', 'box2d', 'polygon', 'mask']);

/** `text.absent-class` findings: they depend only on the documents, the taxonomy and the set of classes present. */
export function absentClassFindings(scene: Scene, terms: readonly ClassTerm[] = classTerms(scene.taxonomy)): Finding[] {
  const out: Finding[] = [];
  const present = new Set(Object.values(scene.objects).map((o) => o.classId));
  for (const d of scene.documents) {
    const seen = new Map<string, string>();
    for (const m of findClassMentions(terms, d.text)) if (!present.has(m.classId) && !seen.has(m.classId)) seen.set(m.classId, d.text.slice(m.start, m.end));
    for (const [cls, word] of seen)
      out.push(
        finding({
          check: 'text.absent-class',
          severity: 'warning',
          sensors: d.sensor ? [d.sensor] : [],
          samples: [d.id],
          key: cls,
          message: `document "${d.id}" mentions "${word}" (class "${cls}") but the scene has no object of that class`,
        }),
      );
  }
  return out;
}

export function checkText(scene: Scene, ctx: QaContext): Finding[] {
  const terms = classTerms(scene.taxonomy);
  const out = absentClassFindings(scene, terms);
  const docs = new Map(scene.documents.map((d) => [d.id, d]));
  for (const a of ctx.index.spans) {
    const obj = scene.objects[a.object];
    if (!obj) continue;
    if (!ctx.index.annotationsOf(a.object).some((x) => SPATIAL.has(x.kind)))
      out.push(finding({ check: 'text.ungrounded-span', severity: 'warning', object: obj.id, samples: [a.document], key: a.id, message: `text span "${a.id}" refers to object "${obj.id}", which has no cuboid, box, polygon or mask anywhere` }));
    const covered = a.text ?? docs.get(a.document)?.text.slice(a.start, a.end) ?? '';
    const classes = new Set(findClassMentions(terms, covered).map((m) => m.classId));
    const others = [...classes].filter((c) => c !== obj.classId);
    if (others.length && !classes.has(obj.classId))
      out.push(
        finding({
          check: 'text.span-contradiction',
          severity: 'warning',
          object: obj.id,
          samples: [a.document],
          key: a.id,
          message: `text span "${a.id}" ("${covered}") names class ${others.map((c) => `"${c}"`).join(', ')} but object "${obj.id}" is "${obj.classId}"`,
        }),
      );
  }
  return out;
}
