/**
 * One class of the taxonomy: colour, modalities, synonyms and typed attributes (saved together as
 * one `taxonomy/updateClass` step), and rename / merge / deprecate, each PREVIEWED first (how many
 * objects and annotations change, and the version it leads to) and applied only on confirmation.
 * Mounted with a key that includes the taxonomy version, so undo/redo resets the drafts.
 */
import { useMemo, useState } from 'react';
import { previewTaxonomyEdit, taxonomyEditCommand, updateClass, type ClassPatch, type TaxonomyEdit } from '../../core/commands/taxonomy';
import { SensorKind, type Scene, type TaxonomyClass } from '../../core/schema';
import { AttributeDefsEditor, fromDrafts, toDraft, type AttrDraft } from './AttributeDefsEditor';
import { useDispatchHere } from './useDispatchHere';

const MODALITIES = SensorKind.options;

function describeEdit(scene: Scene, e: TaxonomyEdit): string {
  const name = (id: string) => scene.taxonomy.classes.find((c) => c.id === id)?.name ?? id;
  switch (e.op) {
    case 'rename':
      return `Rename “${name(e.classId)}” to “${e.name}”`;
    case 'merge':
      return `Merge ${e.from.map((f) => `“${name(f)}”`).join(', ')} into “${name(e.into)}”`;
    case 'deprecate':
      return `Deprecate “${name(e.classId)}”${e.replacedBy ? `, replaced by “${name(e.replacedBy)}”` : ''}`;
  }
}

function ChangePreview({ scene, edit, onApply, onCancel }: { scene: Scene; edit: TaxonomyEdit; onApply: () => void; onCancel: () => void }) {
  const p = useMemo(() => previewTaxonomyEdit(scene, edit), [scene, edit]);
  const objs = (n: number) => `${n} object${n === 1 ? '' : 's'}`;
  const name = (id: string) => scene.taxonomy.classes.find((c) => c.id === id)?.name ?? id;
  const what =
    edit.op === 'rename'
      ? `The class name changes on ${objs(p.objects)} (${p.annotations} annotations, in every view); no class id changes.`
      : edit.op === 'merge'
        ? `They (and their ${p.annotations} annotations) move to “${name(edit.into)}”; the merged class${edit.from.length > 1 ? 'es leave' : ' leaves'} the taxonomy and ${edit.from.length > 1 ? 'their names become synonyms' : 'its name becomes a synonym'}.`
        : edit.replacedBy
          ? `They (and their ${p.annotations} annotations) move to “${name(edit.replacedBy)}”; the class stays for old labels but new labels cannot use it.`
          : `${objs(p.objects)} keep the class (QA will flag them as deprecated); new labels cannot use it.`;
  return (
    <div className="tax-preview" role="region" aria-label="change preview" data-testid="change-preview" data-objects={p.objects} data-remapped={p.remapped}>
      <strong>{describeEdit(scene, edit)}</strong>
      {p.error ? (
        <p className="dialog-error" role="alert">
          {p.error}
        </p>
      ) : (
        <>
          <p>
            <span className="tax-count" data-testid="preview-count">
              {p.objects}
            </span>{' '}
            object{p.objects === 1 ? '' : 's'} change. {what}
          </p>
          {Object.keys(p.byClass).length > 1 ? (
            <p className="muted small">
              {Object.entries(p.byClass)
                .map(([c, n]) => `${c}: ${n}`)
                .join(' · ')}
            </p>
          ) : null}
          <p className="muted small">
            Taxonomy v{scene.taxonomy.version} → v{p.toVersion}, recorded as a migration in the history.
          </p>
        </>
      )}
      <div className="dialog-actions">
        <button className="primary" onClick={onApply} disabled={!!p.error}>
          Apply
        </button>
        <button onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}

export function ClassEditor({ scene, cls, objectCount, onSelect }: { scene: Scene; cls: TaxonomyClass; objectCount: number; onSelect: (id: string) => void }) {
  const { run, error, clear } = useDispatchHere();
  const [color, setColor] = useState(cls.color);
  const [modalities, setModalities] = useState<string[]>(cls.modalities);
  const [synonyms, setSynonyms] = useState(cls.synonyms.join(', '));
  const [attrs, setAttrs] = useState<AttrDraft[]>(cls.attributes.map(toDraft));
  const [name, setName] = useState(cls.name);
  const others = scene.taxonomy.classes.filter((c) => c.id !== cls.id && !c.deprecated);
  const [into, setInto] = useState(others[0]?.id ?? '');
  const [replacement, setReplacement] = useState('');
  const [pending, setPending] = useState<TaxonomyEdit | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);

  const save = () => {
    setDraftError(null);
    let attributes;
    try {
      attributes = fromDrafts(attrs, cls.attributes);
    } catch (e) {
      setDraftError((e as Error).message);
      return;
    }
    const patch: ClassPatch = {};
    if (color !== cls.color) patch.color = color;
    const mods = MODALITIES.filter((m) => modalities.includes(m));
    if (mods.join() !== cls.modalities.join()) patch.modalities = mods;
    const syns = synonyms.split(',').map((s) => s.trim()).filter(Boolean);
    if (syns.join('\u0000') !== cls.synonyms.join('\u0000')) patch.synonyms = syns;
    if (JSON.stringify(attributes) !== JSON.stringify(cls.attributes)) patch.attributes = attributes;
    if (Object.keys(patch).length === 0) {
      setDraftError('Nothing to save: no field changed.');
      return;
    }
    run(updateClass, { classId: cls.id, patch });
  };

  const apply = (edit: TaxonomyEdit) => {
    const [cmd, args] = taxonomyEditCommand(edit);
    if (run(cmd, args)) {
      setPending(null);
      if (edit.op === 'merge') onSelect(edit.into);
    }
  };

  return (
    <section className="tax-class" aria-label={`class ${cls.name}`} data-testid="class-editor" data-class={cls.id}>
      <header className="tax-class-head">
        <span className="swatch" style={{ background: cls.color }} />
        <h3>{cls.name}</h3>
        <span className="muted small">
          id {cls.id} · {objectCount} object{objectCount === 1 ? '' : 's'}
          {cls.deprecated ? ` · deprecated${cls.replacedBy ? ` → ${cls.replacedBy}` : ''}` : ''}
        </span>
      </header>

      <div className="tax-grid">
        <label>
          Colour <input type="color" aria-label="class colour" value={color} onChange={(e) => setColor(e.target.value)} />
        </label>
        <fieldset className="tax-modalities">
          <legend>Modalities</legend>
          {MODALITIES.map((m) => (
            <label key={m} className="check">
              <input type="checkbox" checked={modalities.includes(m)} onChange={(e) => setModalities(e.target.checked ? [...modalities, m] : modalities.filter((x) => x !== m))} /> {m}
            </label>
          ))}
        </fieldset>
        <label className="tax-wide">
          Synonyms <input aria-label="synonyms" value={synonyms} placeholder="comma-separated" onChange={(e) => setSynonyms(e.target.value)} />
        </label>
      </div>
      <AttributeDefsEditor drafts={attrs} onChange={setAttrs} />
      {draftError ? (
        <p className="dialog-error" role="alert">
          {draftError}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button className="primary" onClick={save}>
          Save class
        </button>
      </div>

      <div className="tax-ops">
        <div className="tax-op">
          <input aria-label="new class name" value={name} onChange={(e) => setName(e.target.value)} />
          <button onClick={() => (clear(), setPending({ op: 'rename', classId: cls.id, name: name.trim() }))} disabled={!name.trim() || name.trim() === cls.name}>
            Rename…
          </button>
        </div>
        <div className="tax-op">
          <span>Merge into</span>
          <select aria-label="merge into" value={into} onChange={(e) => setInto(e.target.value)}>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button onClick={() => (clear(), setPending({ op: 'merge', from: [cls.id], into }))} disabled={!into}>
            Merge…
          </button>
        </div>
        <div className="tax-op">
          <span>Deprecate, replaced by</span>
          <select aria-label="replaced by" value={replacement} onChange={(e) => setReplacement(e.target.value)} disabled={cls.deprecated}>
            <option value="">nothing (keep labels)</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button onClick={() => (clear(), setPending(replacement ? { op: 'deprecate', classId: cls.id, replacedBy: replacement } : { op: 'deprecate', classId: cls.id }))} disabled={cls.deprecated}>
            Deprecate…
          </button>
        </div>
      </div>
      {pending ? <ChangePreview scene={scene} edit={pending} onApply={() => apply(pending)} onCancel={() => setPending(null)} /> : null}
      {error ? (
        <p className="dialog-error" role="alert" data-testid="taxonomy-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
