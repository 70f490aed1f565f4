/**
 * The taxonomy editor (loaded lazily from the top bar's "Taxonomy…"): the classes with colour,
 * modalities, synonyms and typed attributes; add a class; rename / merge / deprecate with a preview;
 * the version history with its migrations; adopt another project's taxonomy with a class mapping.
 * Every change is a command dispatched through the store, so undo/redo (also offered here) and
 * autosave work as for any edit, and every view re-renders from the new document.
 */
import { useMemo, useState } from 'react';
import { addClass } from '../../core/commands/taxonomy';
import { SensorKind } from '../../core/schema';
import { useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { AdoptTaxonomy } from './AdoptTaxonomy';
import { ClassEditor } from './ClassEditor';
import { HistoryList } from './HistoryList';
import { useDispatchHere } from './useDispatchHere';
import './taxonomy.css';

type Tab = 'classes' | 'history' | 'adopt';

const toId = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

function AddClassForm({ onAdded }: { onAdded: (id: string) => void }) {
  const { run, error } = useDispatchHere();
  const [name, setName] = useState('');
  const [color, setColor] = useState('#e9c46a');
  const id = toId(name);
  return (
    <form
      className="tax-add"
      aria-label="add class"
      onSubmit={(e) => {
        e.preventDefault();
        if (!id) return;
        if (run(addClass, { cls: { id, name: name.trim(), color, modalities: SensorKind.options.filter((m) => m !== 'audio') } })) {
          setName('');
          onAdded(id);
        }
      }}
    >
      <input aria-label="new class" placeholder="New class name" value={name} onChange={(e) => setName(e.target.value)} />
      <input type="color" aria-label="new class colour" value={color} onChange={(e) => setColor(e.target.value)} />
      <button type="submit" disabled={!id}>
        Add class
      </button>
      {id ? <span className="muted small">id {id}</span> : null}
      {error ? (
        <span className="dialog-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}

export function TaxonomyDialog({ onClose }: { onClose: () => void }) {
  const scene = useScene();
  const store = useWorkbenchStore();
  const history = useWorkbench((s) => s.history);
  const [tab, setTab] = useState<Tab>('classes');
  const [selected, setSelected] = useState<string | null>(null);
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const o of Object.values(scene?.objects ?? {})) m.set(o.classId, (m.get(o.classId) ?? 0) + 1);
    return m;
  }, [scene]);
  if (!scene) return null;
  const tax = scene.taxonomy;
  const cls = tax.classes.find((c) => c.id === selected) ?? tax.classes[0];

  return (
    <div
      className="dialog-backdrop"
      onKeyDown={(e) => {
        // a modal: keys typed here never reach the workbench's global shortcuts
        e.stopPropagation();
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="dialog tax-dialog" role="dialog" aria-modal="true" aria-label="Taxonomy" data-testid="taxonomy-dialog" tabIndex={-1} ref={(el) => void (el && !el.contains(document.activeElement) && el.focus())}>
        <header className="tax-head">
          <h2>
            Taxonomy “{tax.name}” <span className="muted" data-testid="taxonomy-version">v{tax.version}</span>
          </h2>
          <div className="tabs" role="tablist">
            {(['classes', 'history', 'adopt'] as const).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
                {t === 'classes' ? `Classes (${tax.classes.length})` : t === 'history' ? `History (${tax.history.length})` : 'Adopt from file…'}
              </button>
            ))}
          </div>
        </header>
        {tab === 'classes' ? (
          <div className="tax-body">
            <div className="tax-list">
              <ul aria-label="classes">
                {tax.classes.map((c) => (
                  <li key={c.id}>
                    <button className={`tax-row${c.id === cls?.id ? ' selected' : ''}`} aria-pressed={c.id === cls?.id} data-class={c.id} onClick={() => setSelected(c.id)}>
                      <span className="swatch" style={{ background: c.color }} />
                      <span className="tax-name">{c.name}</span>
                      <span className="muted small">{counts.get(c.id) ?? 0}</span>
                      {c.deprecated ? <span className="badge warn">deprecated</span> : null}
                    </button>
                  </li>
                ))}
              </ul>
              <AddClassForm onAdded={setSelected} />
            </div>
            {cls ? <ClassEditor key={`${cls.id}@${tax.version}`} scene={scene} cls={cls} objectCount={counts.get(cls.id) ?? 0} onSelect={setSelected} /> : null}
          </div>
        ) : tab === 'history' ? (
          <HistoryList taxonomy={tax} />
        ) : (
          <AdoptTaxonomy scene={scene} onAdopted={() => setTab('classes')} />
        )}
        <div className="dialog-actions">
          <button onClick={() => store.getState().undo()} disabled={!history.undo.length} title={history.undo.length ? `Undo ${history.undo[history.undo.length - 1]}` : 'Nothing to undo'}>
            Undo{history.undo.length ? ` ${history.undo[history.undo.length - 1]}` : ''}
          </button>
          <button onClick={() => store.getState().redo()} disabled={!history.redo.length}>
            Redo
          </button>
          <span className="spacer" />
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
