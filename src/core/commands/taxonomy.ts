/**
 * Taxonomy commands. Class ids are stable; every change bumps `taxonomy.version` by one and
 * appends a TaxonomyMigration {fromVersion, toVersion, change, remap} to `taxonomy.history`,
 * where `remap` (old class id -> new class id) is what the step does to existing objects.
 * `migrateObjectsToTaxonomy` replays those remaps on a document labelled against an older version.
 */
import { current, isDraft, produce } from 'immer';
import type { z } from 'zod';
import { allAnnotations, Taxonomy, TaxonomyClass, type Scene, type TaxonomyChange, type TaxonomyMigration } from '../schema';
import { attributeDefProblems } from './attributes';
import { CommandError, defineCommand, execute, type CommandDef } from './command';
import { parseRecord, requireClass, requireString } from './guard';

/** Bump the version, record the step, re-map objects, and re-validate the taxonomy. */
function record(draft: Scene, change: TaxonomyChange, remap: Record<string, string>): void {
  const t = draft.taxonomy;
  t.history.push({ fromVersion: t.version, toVersion: t.version + 1, change, remap });
  t.version += 1;
  for (const o of Object.values(draft.objects)) if (remap[o.classId] !== undefined) o.classId = remap[o.classId];
  parseRecord(Taxonomy, t, `taxonomy "${t.id}"`);
}

export const addClass = defineCommand<{ cls: z.input<typeof TaxonomyClass> }>({
  type: 'taxonomy/addClass',
  label: 'Add class',
  run(draft, { cls }) {
    const c = parseRecord(TaxonomyClass, cls, `class "${String(cls?.id ?? '?')}"`);
    if (draft.taxonomy.classes.some((x) => x.id === c.id)) throw new CommandError(`class "${c.id}" already exists`);
    const problems = attributeDefProblems(c.attributes);
    if (problems.length) throw new CommandError(`class "${c.id}": ${problems.join('; ')}`);
    draft.taxonomy.classes.push(c);
    record(draft, { op: 'add', classId: c.id }, {});
  },
});

/** Change a class's display name; its id (and so every object) is unchanged. */
export const renameClass = defineCommand<{ classId: string; name: string }>({
  type: 'taxonomy/renameClass',
  label: 'Rename class',
  run(draft, { classId, name }) {
    const c = requireClass(draft, classId);
    requireString(name, 'class name');
    if (c.name === name) throw new CommandError(`class "${classId}" is already named "${name}"`);
    const from = c.name;
    c.name = name;
    record(draft, { op: 'rename', classId, from, to: name }, {});
  },
});

/**
 * Merge classes `from` into `into`: every object of a merged class is re-mapped to `into`, the
 * merged classes leave the taxonomy, and their names and synonyms become synonyms of `into`.
 */
export const mergeClasses = defineCommand<{ from: string[]; into: string }>({
  type: 'taxonomy/mergeClasses',
  label: 'Merge classes',
  run(draft, { from, into }) {
    if (!Array.isArray(from) || from.length === 0) throw new CommandError('merge needs at least one class to merge');
    const target = requireClass(draft, into);
    if (target.deprecated) throw new CommandError(`cannot merge into deprecated class "${into}"`);
    if (new Set(from).size !== from.length) throw new CommandError(`merge lists a class twice: ${from.join(', ')}`);
    const remap: Record<string, string> = {};
    for (const id of from) {
      if (id === into) throw new CommandError(`cannot merge class "${id}" into itself`);
      const c = requireClass(draft, id);
      for (const syn of [c.name, ...c.synonyms]) if (syn !== target.name && !target.synonyms.includes(syn)) target.synonyms.push(syn);
      remap[id] = into;
    }
    draft.taxonomy.classes = draft.taxonomy.classes.filter((c) => remap[c.id] === undefined);
    for (const c of draft.taxonomy.classes) if (c.replacedBy !== undefined && remap[c.replacedBy]) c.replacedBy = into;
    record(draft, { op: 'merge', from: [...from], into }, remap);
  },
});

/**
 * Deprecate a class: it stays in the taxonomy (old labels remain valid) but new labels may not use
 * it. With `replacedBy`, existing objects are re-mapped to the replacement.
 */
export const deprecateClass = defineCommand<{ classId: string; replacedBy?: string }>({
  type: 'taxonomy/deprecateClass',
  label: 'Deprecate class',
  run(draft, { classId, replacedBy }) {
    const c = requireClass(draft, classId);
    if (c.deprecated) throw new CommandError(`class "${classId}" is already deprecated`);
    if (replacedBy !== undefined) {
      if (replacedBy === classId) throw new CommandError(`class "${classId}" cannot replace itself`);
      const r = requireClass(draft, replacedBy);
      if (r.deprecated) throw new CommandError(`replacement class "${replacedBy}" is deprecated`);
      c.replacedBy = replacedBy;
    }
    c.deprecated = true;
    const change: TaxonomyChange = replacedBy === undefined ? { op: 'deprecate', classId } : { op: 'deprecate', classId, replacedBy };
    record(draft, change, replacedBy === undefined ? {} : { [classId]: replacedBy });
  },
});

/**
 * The steps of `history` that follow `version`, in order. They must form an unbroken chain.
 * @throws Error when the chain has a gap.
 */
export function migrationSteps(version: number, history: readonly TaxonomyMigration[]): TaxonomyMigration[] {
  const steps = history.filter((m) => m.fromVersion >= version).sort((a, b) => a.fromVersion - b.fromVersion);
  let v = version;
  for (const m of steps) {
    if (m.fromVersion !== v) throw new Error(`taxonomy history has no step from version ${v} (next step starts at ${m.fromVersion})`);
    v = m.toVersion;
  }
  return steps;
}

/** Where a class id labelled before `steps` ends up after them. */
export const remapClassId = (classId: string, steps: readonly TaxonomyMigration[]): string =>
  steps.reduce((id, m) => m.remap[id] ?? id, classId);

/**
 * Re-map the objects of `scene`, labelled against `scene.taxonomy.version`, through the steps of
 * `history` that follow that version (applied in version order; each step's remap applies to the
 * result of the previous). Pure: returns a new scene (structurally shared) and leaves
 * `scene.taxonomy` as it is; see adoptTaxonomy to also replace the taxonomy.
 * @throws Error when the steps have a gap.
 */
export function migrateObjectsToTaxonomy(scene: Scene, history: readonly TaxonomyMigration[]): Scene {
  const steps = migrationSteps(scene.taxonomy.version, history);
  if (steps.length === 0) return scene;
  return produce(scene, (draft) => {
    for (const o of Object.values(draft.objects)) {
      const id = remapClassId(o.classId, steps);
      if (id !== o.classId) o.classId = id;
    }
  });
}

/**
 * Move the document to a newer version of its taxonomy (same taxonomy id): objects are re-mapped
 * through the new taxonomy's history, then the taxonomy is replaced. Every object's class must
 * exist in the new taxonomy afterwards.
 */
export const adoptTaxonomy = defineCommand<{ taxonomy: z.input<typeof Taxonomy> }>({
  type: 'taxonomy/adopt',
  label: 'Update taxonomy',
  run(draft, { taxonomy }) {
    const next = parseRecord(Taxonomy, taxonomy, 'taxonomy');
    if (next.id !== draft.taxonomy.id) throw new CommandError(`taxonomy "${next.id}" is not a version of "${draft.taxonomy.id}"`);
    if (next.version < draft.taxonomy.version) throw new CommandError(`taxonomy v${next.version} is older than the document's v${draft.taxonomy.version}`);
    let steps: TaxonomyMigration[];
    try {
      steps = migrationSteps(draft.taxonomy.version, next.history);
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    const ids = new Set(next.classes.map((c) => c.id));
    for (const o of Object.values(draft.objects)) {
      const id = remapClassId(o.classId, steps);
      if (!ids.has(id)) throw new CommandError(`object "${o.id}": class "${id}" is not in taxonomy v${next.version}`);
      if (id !== o.classId) o.classId = id;
    }
    draft.taxonomy = next;
  },
});

/** The class fields `updateClass` edits; the id is stable and the name has renameClass. */
export const EDITABLE_CLASS_FIELDS = ['color', 'modalities', 'synonyms', 'attributes'] as const;
export type ClassPatch = Partial<Pick<z.input<typeof TaxonomyClass>, (typeof EDITABLE_CLASS_FIELDS)[number]>>;

/**
 * Edit a class's colour, modalities, synonyms or attribute definitions. Objects keep their class;
 * the step is recorded as `{op: 'edit', fields}` with an empty remap. Attribute definitions must be
 * sound (attributeDefProblems); existing values that no longer fit are QA's to report.
 */
export const updateClass = defineCommand<{ classId: string; patch: ClassPatch }>({
  type: 'taxonomy/updateClass',
  label: 'Edit class',
  run(draft, { classId, patch }) {
    const cls = requireClass(draft, classId);
    const keys = Object.keys(patch ?? {}).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    const bad = keys.filter((k) => !(EDITABLE_CLASS_FIELDS as readonly string[]).includes(k));
    if (bad.length) throw new CommandError(`class "${classId}": ${bad.map((k) => `"${k}"`).join(', ')} cannot be edited here (editable: ${EDITABLE_CLASS_FIELDS.join(', ')})`);
    const before = isDraft(cls) ? current(cls) : cls;
    const next = parseRecord(TaxonomyClass, { ...before, ...patch }, `class "${classId}"`);
    const problems = attributeDefProblems(next.attributes);
    if (problems.length) throw new CommandError(`class "${classId}": ${problems.join('; ')}`);
    if (new Set(next.synonyms).size !== next.synonyms.length) throw new CommandError(`class "${classId}" lists a synonym twice`);
    const changed = EDITABLE_CLASS_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(next[f]));
    if (changed.length === 0) throw new CommandError(`class "${classId}": nothing changed`);
    const target = cls as Record<(typeof EDITABLE_CLASS_FIELDS)[number], unknown>;
    for (const f of changed) target[f] = next[f];
    record(draft, { op: 'edit', classId, fields: [...changed] }, {});
  },
});

/**
 * Adopt a taxonomy from another project (any taxonomy id): every object's class is re-mapped by
 * `mapping` (current class id -> class id of the new taxonomy; unmapped ids stay as they are) and
 * must exist in the new taxonomy; then the taxonomy is replaced, with its own version and history.
 * Use suggestClassMapping for a starting mapping to show the annotator.
 */
export const adoptForeignTaxonomy = defineCommand<{ taxonomy: z.input<typeof Taxonomy>; mapping: Record<string, string> }>({
  type: 'taxonomy/adoptForeign',
  label: 'Adopt taxonomy',
  run(draft, { taxonomy, mapping }) {
    const next = parseRecord(Taxonomy, taxonomy, 'taxonomy');
    const ids = new Set(next.classes.map((c) => c.id));
    for (const [from, to] of Object.entries(mapping ?? {})) if (!ids.has(to)) throw new CommandError(`mapping sends "${from}" to "${to}", which is not a class of taxonomy "${next.id}"`);
    for (const o of Object.values(draft.objects)) {
      const id = mapping?.[o.classId] ?? o.classId;
      if (!ids.has(id)) throw new CommandError(`object "${o.id}" has class "${o.classId}", which is not mapped to a class of taxonomy "${next.id}"`);
      if (id !== o.classId) o.classId = id;
    }
    draft.taxonomy = next;
  },
});

export type MappingReason = 'history' | 'id' | 'name' | 'synonym' | 'none';

/**
 * A suggested class mapping from `from` (the document's taxonomy) to `to`, per class of `from`:
 * for a newer version of the same taxonomy, through its recorded migrations; otherwise by the same
 * id, then by name or synonym (case-insensitive, either way round). `to` undefined: no match.
 */
export function suggestClassMapping(from: Taxonomy, to: Taxonomy): Record<string, { to?: string; reason: MappingReason }> {
  const ids = new Set(to.classes.map((c) => c.id));
  let steps: TaxonomyMigration[] | null = null;
  if (from.id === to.id && to.version >= from.version) {
    try {
      steps = migrationSteps(from.version, to.history);
    } catch {
      steps = null;
    }
  }
  const terms = new Map<string, { id: string; reason: MappingReason }>();
  for (const c of to.classes) {
    for (const syn of c.synonyms) if (!terms.has(syn.toLowerCase())) terms.set(syn.toLowerCase(), { id: c.id, reason: 'synonym' });
  }
  for (const c of to.classes) terms.set(c.name.toLowerCase(), { id: c.id, reason: 'name' });
  const out: Record<string, { to?: string; reason: MappingReason }> = {};
  for (const c of from.classes) {
    if (steps) {
      const id = remapClassId(c.id, steps);
      if (ids.has(id)) {
        out[c.id] = { to: id, reason: id === c.id ? 'id' : 'history' };
        continue;
      }
    }
    if (ids.has(c.id)) {
      out[c.id] = { to: c.id, reason: 'id' };
      continue;
    }
    const hit = [c.name, ...c.synonyms].map((t) => terms.get(t.toLowerCase())).find((x) => x !== undefined);
    out[c.id] = hit ? { to: hit.id, reason: hit.reason } : { reason: 'none' };
  }
  return out;
}

/** A rename, merge or deprecation the taxonomy editor previews before applying. */
export type TaxonomyEdit =
  | { op: 'rename'; classId: string; name: string }
  | { op: 'merge'; from: string[]; into: string }
  | { op: 'deprecate'; classId: string; replacedBy?: string };

/** The command and arguments that apply `edit`. */
export function taxonomyEditCommand(edit: TaxonomyEdit): [CommandDef<never>, never] {
  switch (edit.op) {
    case 'rename':
      return [renameClass as CommandDef<never>, { classId: edit.classId, name: edit.name } as never];
    case 'merge':
      return [mergeClasses as CommandDef<never>, { from: edit.from, into: edit.into } as never];
    case 'deprecate':
      return [deprecateClass as CommandDef<never>, (edit.replacedBy ? { classId: edit.classId, replacedBy: edit.replacedBy } : { classId: edit.classId }) as never];
  }
}

export interface TaxonomyEditPreview {
  /** Why the edit cannot apply (the command's own message), when it cannot. */
  error?: string;
  /** Objects whose class changes or whose class is renamed / deprecated, per affected class id. */
  byClass: Record<string, number>;
  /** Total objects that change (sum of byClass). */
  objects: number;
  /** Of those, objects moved to another class id. */
  remapped: number;
  /** Annotations of the affected objects, in every modality. */
  annotations: number;
  /** The version the taxonomy will have. */
  toVersion: number;
}

/**
 * What applying `edit` would change, computed by running its command on `scene` without keeping
 * the result: how many objects (and their annotations) change, per class.
 */
export function previewTaxonomyEdit(scene: Scene, edit: TaxonomyEdit): TaxonomyEditPreview {
  const classes = edit.op === 'merge' ? edit.from : [edit.classId];
  const byClass: Record<string, number> = Object.fromEntries(classes.map((c) => [c, 0]));
  const affected = new Set<string>();
  for (const o of Object.values(scene.objects))
    if (byClass[o.classId] !== undefined) {
      byClass[o.classId] += 1;
      affected.add(o.id);
    }
  const annotations = allAnnotations(scene).filter((a) => affected.has(a.object)).length;
  const [cmd, args] = taxonomyEditCommand(edit);
  let next: Scene;
  try {
    next = execute(scene, cmd, args).next;
  } catch (e) {
    return { error: (e as Error).message, byClass, objects: affected.size, remapped: 0, annotations, toVersion: scene.taxonomy.version };
  }
  const remapped = [...affected].filter((id) => next.objects[id]?.classId !== scene.objects[id]?.classId).length;
  return { byClass, objects: affected.size, remapped, annotations, toVersion: next.taxonomy.version };
}
