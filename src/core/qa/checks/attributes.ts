/**
 * Attributes against the taxonomy's typed definitions (core/commands/attributes):
 * - `attribute.type` (error): an object's or annotation's value for an attribute its class
 *   declares that does not fit the declared type (enum choice, boolean, number range, text);
 * - `attribute.missing` (warning): a `required` attribute not set: on the object for scope
 *   `object`, on every annotation of the object (except "not visible") for scope `frame`.
 * Attributes a class does not declare are not reported (importers keep e.g. KITTI's `alpha`).
 */
import type { Annotation, Scene, TaxonomyClass } from '../../schema';
import { attributeProblem, attributeScope } from '../../commands/attributes';
import type { QaContext } from '../context';
import { HAS_ATTRIBUTES, KIND } from '../sceneIndex';
import { finding, type Finding } from '../finding';

const where = (a: Annotation): { sensors: string[]; samples: string[] } =>
  a.kind === 'textSpan' ? { sensors: [], samples: [a.document ?? a.segment!] } : { sensors: [a.sensor], samples: 'sample' in a ? [a.sample] : [] };

export function checkAttributes(scene: Scene, ctx: QaContext): Finding[] {
  const classes = new Map(scene.taxonomy.classes.map((c) => [c.id, c]));
  const out: Finding[] = [];
  for (const o of Object.values(scene.objects)) {
    const cls = classes.get(o.classId);
    if (!cls || cls.attributes.length === 0) continue;
    for (const def of cls.attributes) {
      const v = o.attributes[def.name];
      if (v !== undefined) {
        const p = attributeProblem(def, v);
        if (p)
          out.push(finding({ check: 'attribute.type', severity: 'error', object: o.id, key: def.name, message: `object "${o.id}" (${cls.id}): attribute "${def.name}" ${p}` }));
      } else if (def.required && attributeScope(def) === 'object') {
        out.push(finding({ check: 'attribute.missing', severity: 'warning', object: o.id, key: def.name, message: `object "${o.id}" (${cls.id}) has no value for required attribute "${def.name}"` }));
      }
    }
  }
  // Per annotation, only a set value or a required per-frame attribute can give a finding: an
  // annotation without attributes of a class without required per-frame ones is skipped at once.
  const frameRequired = new Map<string, boolean>();
  for (const c of scene.taxonomy.classes) frameRequired.set(c.id, c.attributes.some((d) => d.required && attributeScope(d) === 'frame'));
  // per object number (SceneIndex): its class when the class declares attributes, else null (looked up once per object)
  const { annotations, objectNo, kindOf, flags } = ctx.index;
  const declaring: (TaxonomyClass | null | undefined)[] = new Array(ctx.index.objectIds.length);
  for (let i = 0; i < annotations.length; i++) {
    if (kindOf[i] === KIND.notVisible) continue;
    const no = objectNo[i];
    let cls = declaring[no];
    if (cls === undefined) {
      const ob = ctx.index.object(no);
      const c = ob && classes.get(ob.classId);
      cls = declaring[no] = c && c.attributes.length !== 0 ? c : null;
    }
    if (!cls) continue;
    if (!(flags[i] & HAS_ATTRIBUTES) && !frameRequired.get(cls.id)) continue;
    const a = annotations[i], o = ctx.index.object(no)!;
    for (const def of cls.attributes) {
      const v = a.attributes?.[def.name];
      if (v !== undefined) {
        const p = attributeProblem(def, v);
        if (p) out.push(finding({ check: 'attribute.type', severity: 'error', object: o.id, ...where(a), key: `${a.id}:${def.name}`, message: `${a.kind} "${a.id}" of object "${o.id}" (${cls.id}): attribute "${def.name}" ${p}` }));
      } else if (def.required && attributeScope(def) === 'frame') {
        out.push(finding({ check: 'attribute.missing', severity: 'warning', object: o.id, ...where(a), key: `${a.id}:${def.name}`, message: `${a.kind} "${a.id}" of object "${o.id}" (${cls.id}) has no value for required per-frame attribute "${def.name}"` }));
      }
    }
  }
  return out;
}
