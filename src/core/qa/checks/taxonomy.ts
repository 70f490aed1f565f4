/**
 * Taxonomy: `taxonomy.unknown-class` (error) for an object whose class is not in the scene's
 * current taxonomy version; `taxonomy.deprecated-class` (warning, naming the replacement);
 * `taxonomy.modality` (warning) for an annotation in a modality the class is not labelled in.
 */
import type { Annotation, Scene, SensorKind } from '../../schema';
import type { QaContext } from '../context';
import { KIND } from '../sceneIndex';
import { finding, type Finding } from '../finding';

export function checkTaxonomy(scene: Scene, ctx: QaContext): Finding[] {
  const tax = scene.taxonomy;
  const classes = new Map(tax.classes.map((c) => [c.id, c]));
  const kinds = new Map<string, SensorKind>(scene.sensors.map((s) => [s.id, s.kind]));
  const out: Finding[] = [];
  for (const o of Object.values(scene.objects)) {
    const c = classes.get(o.classId);
    if (!c)
      out.push(finding({ check: 'taxonomy.unknown-class', severity: 'error', object: o.id, key: o.classId, message: `object "${o.id}" has class "${o.classId}", not in taxonomy "${tax.id}" v${tax.version}` }));
    else if (c.deprecated)
      out.push(
        finding({
          check: 'taxonomy.deprecated-class',
          severity: 'warning',
          object: o.id,
          key: o.classId,
          message: `object "${o.id}" has deprecated class "${o.classId}" (taxonomy "${tax.id}" v${tax.version})${c.replacedBy ? `; use "${c.replacedBy}"` : ''}`,
        }),
      );
  }
  // per class, the sensors whose kind it is not labelled in (usually none: then its objects' annotations are skipped at once)
  const offSensors = new Map<string, Set<string>>();
  for (const c of classes.values()) offSensors.set(c.id, new Set(scene.sensors.filter((x) => !c.modalities.includes(x.kind)).map((x) => x.id)));
  // per object (SceneIndex number): its class's off sensors and the sensors already reported (one finding per object and sensor)
  const { annotations, objectNo, kindOf } = ctx.index;
  const perObject: ({ off: Set<string> | undefined; seen: Set<string> } | null | undefined)[] = new Array(ctx.index.objectIds.length);
  for (let i = 0; i < annotations.length; i++) {
    if (kindOf[i] === KIND.textSpan) continue;
    const no = objectNo[i];
    let e = perObject[no];
    if (e === undefined) {
      const ob = ctx.index.object(no);
      const c = ob && classes.get(ob.classId);
      e = perObject[no] = c ? { off: offSensors.get(c.id), seen: new Set() } : null;
    }
    if (!e || !e.off!.size) continue;
    const a = annotations[i] as Exclude<Annotation, { kind: 'textSpan' }>;
    if (!e.off!.has(a.sensor)) continue;
    const o = ctx.index.object(no)!;
    const c = classes.get(o.classId)!;
    const kind = kinds.get(a.sensor);
    if (!kind || c.modalities.includes(kind)) continue;
    if (e.seen.has(a.sensor)) continue;
    e.seen.add(a.sensor);
    out.push(finding({ check: 'taxonomy.modality', severity: 'warning', object: o.id, sensors: [a.sensor], key: c.id, message: `class "${c.id}" is not labelled in ${kind} data, but object "${o.id}" has annotations on sensor "${a.sensor}"` }));
  }
  return out;
}
