/**
 * Taxonomy commands. Class ids are stable; every change bumps `taxonomy.version` by one and
 * appends a TaxonomyMigration {fromVersion, toVersion, change, remap} to `taxonomy.history`,
 * where `remap` (old class id -> new class id) is what the step does to existing objects.
 * `migrateObjectsToTaxonomy` replays those remaps on a document labelled against an older version.
 */
import { produce } from 'immer';
import type { z } from 'zod';
import { Taxonomy, TaxonomyClass, type Scene, type TaxonomyChange, type TaxonomyMigration } from '../schema';
import { CommandError, defineCommand } from './command';
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
