/**
 * Editing a class's typed attribute definitions as text fields (a draft), converted to
 * AttributeDef[] on save: enum choices comma-separated, number unit / min / max, scope
 * (static on the object, or per frame on each annotation) and whether it is required.
 */
import type { AttributeDef } from '../../core/schema';

export interface AttrDraft {
  name: string;
  type: AttributeDef['type'];
  values: string;
  unit: string;
  min: string;
  max: string;
  scope: 'object' | 'frame';
  required: boolean;
}

export const toDraft = (d: AttributeDef): AttrDraft => ({
  name: d.name,
  type: d.type,
  values: (d.values ?? []).join(', '),
  unit: d.unit ?? '',
  min: d.min === undefined ? '' : String(d.min),
  max: d.max === undefined ? '' : String(d.max),
  scope: d.scope ?? 'object',
  required: d.required ?? false,
});

const num = (s: string, what: string): number | undefined => {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Error(`${what} must be a number, got "${s}"`);
  return n;
};

/**
 * Drafts back to definitions, keeping fields the editor does not show (e.g. `default`) from
 * `original` by name. Throws an Error naming the field for an unreadable min/max or empty name.
 */
export function fromDrafts(drafts: readonly AttrDraft[], original: readonly AttributeDef[]): AttributeDef[] {
  return drafts.map((d) => {
    const name = d.name.trim();
    if (!name) throw new Error('every attribute needs a name');
    const keep = original.find((o) => o.name === name);
    const out: AttributeDef = { name, type: d.type };
    if (keep?.default !== undefined && keep.type === d.type) out.default = keep.default;
    if (d.type === 'enum') out.values = d.values.split(',').map((v) => v.trim()).filter(Boolean);
    if (d.type === 'number') {
      const min = num(d.min, `${name}: min`);
      const max = num(d.max, `${name}: max`);
      if (min !== undefined) out.min = min;
      if (max !== undefined) out.max = max;
      if (d.unit.trim()) out.unit = d.unit.trim();
    }
    if (d.scope === 'frame') out.scope = 'frame';
    if (d.required) out.required = true;
    return out;
  });
}

export function AttributeDefsEditor({ drafts, onChange }: { drafts: AttrDraft[]; onChange: (d: AttrDraft[]) => void }) {
  const set = (i: number, patch: Partial<AttrDraft>) => onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <fieldset className="tax-attrs" data-testid="attribute-defs">
      <legend>Attributes</legend>
      {drafts.length === 0 ? <span className="muted small">No attributes.</span> : null}
      {drafts.map((d, i) => (
        <div className="tax-attr" key={i} data-testid="attribute-def">
          <input aria-label={`attribute ${i + 1} name`} placeholder="name" value={d.name} onChange={(e) => set(i, { name: e.target.value })} />
          <select aria-label={`attribute ${i + 1} type`} value={d.type} onChange={(e) => set(i, { type: e.target.value as AttrDraft['type'] })}>
            <option value="enum">enum</option>
            <option value="boolean">boolean</option>
            <option value="number">number</option>
            <option value="text">text</option>
          </select>
          {d.type === 'enum' ? <input className="wide" aria-label={`attribute ${i + 1} choices`} placeholder="choice, choice, …" value={d.values} onChange={(e) => set(i, { values: e.target.value })} /> : null}
          {d.type === 'number' ? (
            <>
              <input className="short" aria-label={`attribute ${i + 1} unit`} placeholder="unit" value={d.unit} onChange={(e) => set(i, { unit: e.target.value })} />
              <input className="short" aria-label={`attribute ${i + 1} min`} placeholder="min" value={d.min} onChange={(e) => set(i, { min: e.target.value })} />
              <input className="short" aria-label={`attribute ${i + 1} max`} placeholder="max" value={d.max} onChange={(e) => set(i, { max: e.target.value })} />
            </>
          ) : null}
          <select aria-label={`attribute ${i + 1} scope`} value={d.scope} onChange={(e) => set(i, { scope: e.target.value as AttrDraft['scope'] })} title="static: one value per object; per frame: one value per annotation">
            <option value="object">static (object)</option>
            <option value="frame">per frame</option>
          </select>
          <label className="check">
            <input type="checkbox" checked={d.required} onChange={(e) => set(i, { required: e.target.checked })} /> required
          </label>
          <button aria-label={`remove attribute ${d.name || i + 1}`} onClick={() => onChange(drafts.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <button onClick={() => onChange([...drafts, { name: '', type: 'enum', values: '', unit: '', min: '', max: '', scope: 'object', required: false }])}>+ Attribute</button>
    </fieldset>
  );
}
