/**
 * Attribute values against the taxonomy's typed definitions (AttributeDef):
 * - `enum`: one of `values`; `boolean`: true/false; `number`: finite, within [min, max] when
 *   given, in `unit`; `text`: any string.
 * - scope `object` (default): a static value on the object track; scope `frame`: a value per
 *   annotation (i.e. per sample), which may change along the track.
 * `attributeProblem` is the one validity rule shared by commands, the inspector and QA;
 * `parseAttributeInput` turns what an annotator typed into a value or a message naming the problem.
 */
import { AttributeValue, type Annotation, type AttributeDef, type Scene, type TaxonomyClass } from '../schema';
import { CommandError, defineCommand } from './command';
import { parseRecord, requireAnnotation, requireClass, requireString } from './guard';

export type AttributeScope = 'object' | 'frame';

export const attributeScope = (def: AttributeDef): AttributeScope => def.scope ?? 'object';

/** The class's attribute definitions for one scope. */
export const attributesInScope = (cls: TaxonomyClass | undefined, scope: AttributeScope): AttributeDef[] => (cls?.attributes ?? []).filter((d) => attributeScope(d) === scope);

const fmtNum = (n: number): string => String(n);

/** What the definition allows, in words: "one of none, partly", "number in m, 0–100", "yes or no", "text". */
export function describeAttributeDef(def: AttributeDef): string {
  switch (def.type) {
    case 'enum':
      return `one of ${(def.values ?? []).join(', ')}`;
    case 'boolean':
      return 'yes or no';
    case 'text':
      return 'text';
    case 'number': {
      const unit = def.unit ? ` in ${def.unit}` : '';
      const range =
        def.min !== undefined && def.max !== undefined
          ? `, ${fmtNum(def.min)}–${fmtNum(def.max)}`
          : def.min !== undefined
            ? `, ≥ ${fmtNum(def.min)}`
            : def.max !== undefined
              ? `, ≤ ${fmtNum(def.max)}`
              : '';
      return `number${unit}${range}`;
    }
  }
}

/** Why `value` does not fit `def` (a sentence starting with "must"), or null when it fits. */
export function attributeProblem(def: AttributeDef, value: AttributeValue): string | null {
  const unit = def.unit ? ` ${def.unit}` : '';
  switch (def.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be true or false, got ${JSON.stringify(value)}`;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number${def.unit ? ` (${def.unit})` : ''}, got ${JSON.stringify(value)}`;
      if (def.min !== undefined && value < def.min) return `must be at least ${fmtNum(def.min)}${unit}, got ${fmtNum(value)}${unit}`;
      if (def.max !== undefined && value > def.max) return `must be at most ${fmtNum(def.max)}${unit}, got ${fmtNum(value)}${unit}`;
      return null;
    case 'enum':
      return typeof value === 'string' && (def.values ?? []).includes(value) ? null : `must be one of ${(def.values ?? []).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`;
    case 'text':
      return typeof value === 'string' ? null : `must be text, got ${JSON.stringify(value)}`;
  }
}

export type ParsedAttribute = { ok: true; value: AttributeValue | null } | { ok: false; message: string };

/**
 * Read an annotator's input for `def`. Empty input means "no value" (null). Numbers may carry the
 * unit ("12.5 m" for unit "m"); booleans accept true/false, yes/no, 1/0; enum values match
 * case-insensitively and come back in the taxonomy's spelling.
 */
export function parseAttributeInput(def: AttributeDef, raw: string): ParsedAttribute {
  const s = raw.trim();
  if (s === '') return { ok: true, value: null };
  let value: AttributeValue;
  switch (def.type) {
    case 'boolean': {
      const l = s.toLowerCase();
      if (['true', 'yes', '1'].includes(l)) value = true;
      else if (['false', 'no', '0'].includes(l)) value = false;
      else return { ok: false, message: `${def.name} must be yes or no, got "${s}"` };
      break;
    }
    case 'number': {
      const body = def.unit && s.endsWith(def.unit) ? s.slice(0, -def.unit.length).trim() : s;
      const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body) ? Number(body) : NaN;
      if (!Number.isFinite(n)) return { ok: false, message: `${def.name} must be a number${def.unit ? ` in ${def.unit}` : ''}, got "${s}"` };
      value = n;
      break;
    }
    case 'enum': {
      const hit = (def.values ?? []).find((v) => v === s) ?? (def.values ?? []).find((v) => v.toLowerCase() === s.toLowerCase());
      if (hit === undefined) return { ok: false, message: `${def.name} must be one of ${(def.values ?? []).join(', ')}, got "${s}"` };
      value = hit;
      break;
    }
    case 'text':
      value = raw;
      break;
  }
  const problem = attributeProblem(def, value);
  return problem ? { ok: false, message: `${def.name} ${problem}` } : { ok: true, value };
}

/**
 * Problems in a class's attribute definitions: duplicate names, an enum without choices (or with a
 * choice twice), min above max, a default that does not fit. Empty when they are sound.
 */
export function attributeDefProblems(defs: readonly AttributeDef[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.name)) out.push(`attribute "${d.name}" is defined twice`);
    seen.add(d.name);
    if (d.type === 'enum') {
      const vs = d.values ?? [];
      if (vs.length === 0) out.push(`enum attribute "${d.name}" needs at least one value`);
      if (new Set(vs).size !== vs.length) out.push(`enum attribute "${d.name}" lists a value twice`);
      if (vs.some((v) => v.trim() === '')) out.push(`enum attribute "${d.name}" has an empty value`);
    }
    if (d.min !== undefined && d.max !== undefined && d.min > d.max) out.push(`attribute "${d.name}": min ${d.min} is above max ${d.max}`);
    if (d.default !== undefined) {
      const p = attributeProblem(d, d.default);
      if (p) out.push(`attribute "${d.name}": default ${p}`);
    }
  }
  return out;
}

/** The class of an annotation's object, or a CommandError. */
function classOfAnnotation(scene: Scene, a: Annotation): TaxonomyClass {
  const o = scene.objects[a.object];
  if (!o) throw new CommandError(`annotation "${a.id}" references unknown object "${a.object}"`);
  return requireClass(scene, o.classId);
}

/**
 * Set one per-frame attribute on an annotation (`value: null` removes it). A value for an
 * attribute the object's class defines must fit its definition; undefined names are allowed
 * (importers keep foreign attributes), like setObjectAttribute.
 */
export const setAnnotationAttribute = defineCommand<{ annotationId: string; name: string; value: AttributeValue | null }>({
  type: 'annotation/setAttribute',
  label: 'Set frame attribute',
  run(draft, { annotationId, name, value }) {
    const a = requireAnnotation(draft, annotationId);
    requireString(name, 'attribute name');
    if (value === null) {
      if (!a.attributes || !(name in a.attributes)) throw new CommandError(`annotation "${annotationId}" has no attribute "${name}"`);
      delete a.attributes[name];
      if (Object.keys(a.attributes).length === 0) delete a.attributes;
      return;
    }
    const v = parseRecord(AttributeValue, value, `attribute "${name}" of annotation "${annotationId}"`);
    const cls = classOfAnnotation(draft, a);
    const def = cls.attributes.find((d) => d.name === name);
    const problem = def ? attributeProblem(def, v) : null;
    if (problem) throw new CommandError(`attribute "${name}" of class "${cls.id}" ${problem}`);
    if (!a.attributes) a.attributes = {};
    a.attributes[name] = v;
  },
});
