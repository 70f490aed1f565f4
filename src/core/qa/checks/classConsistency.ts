/**
 * Class consistency: one object, one class in every modality.
 * - `class.conflict` (error): an annotation whose `attributes.class` / `attributes.label` names a
 *   different class than its object (value read as class id, name or synonym).
 * - `class.linked-conflict` (error): a box derived from a cuboid (`fromCuboid`) whose object has a
 *   different class than the cuboid's object.
 * - `class.attribute` (warning): an annotation attribute that disagrees with the same attribute on its object.
 */
import type { Annotation, Scene } from '../../schema';
import { classTerms, resolveClass } from '../classes';
import type { QaContext } from '../context';
import { finding, type Finding } from '../finding';

const CLASS_KEYS = ['class', 'label'] as const;

const where = (a: Annotation): { sensors: string[]; samples: string[] } =>
  a.kind === 'textSpan' ? { sensors: [], samples: [a.document ?? a.segment!] } : { sensors: [a.sensor], samples: 'sample' in a ? [a.sample] : [] };

export function checkClassConsistency(scene: Scene, ctx: QaContext): Finding[] {
  const terms = classTerms(scene.taxonomy);
  const out: Finding[] = [];
  // only an annotation with attributes or a box linked to a cuboid can give a finding (SceneIndex flags: the others are not read)
  const { annotations, objectNo, flags } = ctx.index;
  for (let i = 0; i < annotations.length; i++) {
    if (!flags[i]) continue;
    const obj = ctx.index.object(objectNo[i]);
    if (!obj) continue;
    const a = annotations[i];
    const attrs = a.attributes;
    if (attrs) for (const k of CLASS_KEYS) {
      const v = attrs[k];
      if (typeof v !== 'string') continue;
      const cls = resolveClass(terms, v) ?? v;
      if (cls === obj.classId) continue;
      out.push(
        finding({
          check: 'class.conflict',
          severity: 'error',
          object: obj.id,
          ...where(a),
          key: `${a.id}:${k}`,
          message: `${a.kind} "${a.id}" says ${k} "${v}" but object "${obj.id}" is "${obj.classId}"`,
        }),
      );
    }
    if (a.kind === 'box2d' && a.fromCuboid) {
      const c = ctx.index.annotation(a.fromCuboid);
      const other = c ? scene.objects[c.object] : undefined;
      if (c && other && other.classId !== obj.classId)
        out.push(
          finding({
            check: 'class.linked-conflict',
            severity: 'error',
            object: obj.id,
            ...where(a),
            key: a.id,
            message: `box "${a.id}" of object "${obj.id}" ("${obj.classId}") comes from cuboid "${c.id}" of object "${other.id}" ("${other.classId}")`,
          }),
        );
    }
    if (attrs) for (const k in attrs) {
      const v = attrs[k];
      if ((CLASS_KEYS as readonly string[]).includes(k) || !(k in obj.attributes)) continue;
      if (obj.attributes[k] === v) continue;
      out.push(
        finding({
          check: 'class.attribute',
          severity: 'warning',
          object: obj.id,
          ...where(a),
          key: `${a.id}:${k}`,
          message: `${a.kind} "${a.id}" has ${k} = ${JSON.stringify(v)} but object "${obj.id}" has ${k} = ${JSON.stringify(obj.attributes[k])}`,
        }),
      );
    }
  }
  return out;
}
