/**
 * Adopt a taxonomy from another project: choose its JSON file (a taxonomy, or a scene / bundle that
 * holds one under "taxonomy"), see how every class of this document maps onto it (suggested by
 * migration history, id, name or synonym; each changeable), then apply as one undoable step.
 * Classes with objects must be mapped; the counts show how many objects each mapping moves.
 */
import { useMemo, useState } from 'react';
import { adoptForeignTaxonomy, suggestClassMapping, type MappingReason } from '../../core/commands/taxonomy';
import { jsonPath, Taxonomy, type Scene } from '../../core/schema';
import { useDispatchHere } from './useDispatchHere';

type Loaded = { file: string; taxonomy: Taxonomy };

async function readTaxonomyFile(file: File): Promise<Loaded> {
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch (e) {
    throw new Error(`${file.name}: not JSON (${(e as Error).message})`);
  }
  const holder = json && typeof json === 'object' && 'taxonomy' in json ? (json as { taxonomy: unknown }).taxonomy : json;
  const prefix = holder === json ? '$' : '$.taxonomy';
  const r = Taxonomy.safeParse(holder);
  if (!r.success) throw new Error(`${file.name}: not a taxonomy: ${r.error.issues.slice(0, 3).map((i) => `${prefix}${jsonPath(i.path).slice(1)}: ${i.message}`).join('; ')}`);
  return { file: file.name, taxonomy: r.data };
}

const REASON: Record<MappingReason, string> = { history: 'by its migration history', id: 'same id', name: 'same name', synonym: 'by synonym', none: 'no match' };

export function AdoptTaxonomy({ scene, onAdopted }: { scene: Scene; onAdopted: () => void }) {
  const { run, error } = useDispatchHere();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const o of Object.values(scene.objects)) m.set(o.classId, (m.get(o.classId) ?? 0) + 1);
    return m;
  }, [scene]);
  const suggestion = useMemo(() => (loaded ? suggestClassMapping(scene.taxonomy, loaded.taxonomy) : {}), [scene.taxonomy, loaded]);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setReadError(null);
    try {
      const l = await readTaxonomyFile(file);
      setLoaded(l);
      const s = suggestClassMapping(scene.taxonomy, l.taxonomy);
      setMapping(Object.fromEntries(Object.entries(s).flatMap(([k, v]) => (v.to ? [[k, v.to]] : []))));
    } catch (e) {
      setLoaded(null);
      setReadError((e as Error).message);
    }
  };

  const unmapped = scene.taxonomy.classes.filter((c) => (counts.get(c.id) ?? 0) > 0 && !mapping[c.id]);
  const moved = Object.values(scene.objects).filter((o) => mapping[o.classId] && mapping[o.classId] !== o.classId).length;

  return (
    <div className="tax-adopt" data-testid="taxonomy-adopt">
      <p className="muted small">Use another project’s taxonomy: every object keeps its identity and takes the class it maps to. Nothing changes until you apply.</p>
      <label className="button">
        Choose taxonomy file…
        <input type="file" accept=".json,application/json" hidden data-testid="taxonomy-file" onChange={(e) => (void choose(e.currentTarget.files?.[0]), (e.currentTarget.value = ''))} />
      </label>
      {readError ? (
        <p className="dialog-error" role="alert">
          {readError}
        </p>
      ) : null}
      {loaded ? (
        <>
          <p>
            <strong>{loaded.taxonomy.name}</strong> <span className="muted">({loaded.taxonomy.id} v{loaded.taxonomy.version}, {loaded.taxonomy.classes.length} classes, from {loaded.file})</span>
          </p>
          <p data-testid="adopt-summary">
            {unmapped.length ? `Map ${unmapped.map((c) => c.name).join(', ')} first: they have objects.` : `Applying moves ${moved} object${moved === 1 ? '' : 's'} to another class id and replaces the taxonomy with “${loaded.taxonomy.name}” v${loaded.taxonomy.version}.`}
          </p>
          <div className="dialog-actions">
            <button
              className="primary"
              disabled={unmapped.length > 0}
              onClick={() => {
                const used = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v));
                if (run(adoptForeignTaxonomy, { taxonomy: loaded.taxonomy, mapping: used })) {
                  setLoaded(null);
                  onAdopted();
                }
              }}
            >
              Adopt taxonomy
            </button>
          </div>
          <table className="tax-mapping" data-testid="class-mapping">
            <thead>
              <tr>
                <th>This document’s class</th>
                <th>objects</th>
                <th>becomes</th>
                <th>why</th>
              </tr>
            </thead>
            <tbody>
              {scene.taxonomy.classes.map((c) => {
                const n = counts.get(c.id) ?? 0;
                const to = mapping[c.id] ?? '';
                const s = suggestion[c.id];
                return (
                  <tr key={c.id} data-class={c.id} className={n > 0 && !to ? 'missing' : n === 0 ? 'unused' : ''}>
                    <td>{c.name}</td>
                    <td>{n}</td>
                    <td>
                      <select aria-label={`map ${c.name}`} value={to} onChange={(e) => setMapping({ ...mapping, [c.id]: e.target.value })}>
                        <option value="">{n > 0 ? '— choose —' : '(dropped)'}</option>
                        {loaded.taxonomy.classes.map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.name} ({t.id})
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="muted small">{s && s.to === to && to ? REASON[s.reason] : to ? 'chosen' : n > 0 ? 'needs a class' : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
      {error ? (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
