/**
 * One typed attribute in the inspector, validated against its taxonomy definition before it is
 * dispatched (core/commands/attributes: parseAttributeInput). Keyboard: Tab reaches the field;
 * enum and yes/no are selects (arrows choose, the choice applies); number and text fields apply on
 * Enter or when focus leaves, ArrowUp/ArrowDown step a number by 1 (Shift: 10), Escape reverts.
 * Invalid input shows a message under the field and is not applied.
 */
import { useEffect, useId, useState } from 'react';
import { describeAttributeDef, parseAttributeInput } from '../../core/commands/attributes';
import type { AttributeDef, AttributeValue } from '../../core/schema';
import './inspector.css';

export interface AttributeFieldProps {
  def: AttributeDef;
  value: AttributeValue | undefined;
  /** Apply a parsed value (null: remove it). Returns false when the command refused it. */
  onCommit(value: AttributeValue | null): boolean;
  /** For tests and labels: where the value lives, e.g. "object" or the annotation's sensor. */
  scopeLabel: string;
}

const text = (v: AttributeValue | undefined): string => (v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

export function AttributeField({ def, value, onCommit, scopeLabel }: AttributeFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(text(value));
  const [error, setError] = useState<string | null>(null);
  // a new value from elsewhere (undo, another view) replaces the draft
  useEffect(() => {
    setDraft(text(value));
    setError(null);
  }, [value]);

  const commit = (raw: string): void => {
    const parsed = parseAttributeInput(def, raw);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    if (parsed.value === null && value === undefined) return;
    if (parsed.value === value) return;
    if (!onCommit(parsed.value)) setError(`${def.name}: not applied`);
  };

  const label = `${def.name}${def.unit ? ` (${def.unit})` : ''}`;
  const aria = `${def.name} (${scopeLabel})`;
  const common = {
    id,
    'aria-label': aria,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : `${id}-hint`,
    'data-attribute': def.name,
  } as const;
  const unknownValue = value !== undefined && def.type === 'enum' && !(def.values ?? []).includes(String(value));

  return (
    <div className={`attr-field${error ? ' invalid' : ''}`} data-testid="attribute-field">
      <label htmlFor={id}>
        {label}
        {def.required ? <span className="attr-required" title="required"> *</span> : null}
      </label>
      {def.type === 'enum' || def.type === 'boolean' ? (
        <select
          {...common}
          value={def.type === 'boolean' ? text(value) : value === undefined ? '' : String(value)}
          onChange={(e) => {
            setDraft(e.target.value);
            commit(e.target.value);
          }}
        >
          <option value="">—</option>
          {unknownValue ? <option value={String(value)}>{String(value)} (not allowed)</option> : null}
          {(def.type === 'boolean' ? ['yes', 'no'] : (def.values ?? [])).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="text"
          inputMode={def.type === 'number' ? 'decimal' : 'text'}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (error) setError(null);
          }}
          onBlur={() => draft !== text(value) && commit(draft)}
          onKeyDown={(e) => {
            e.stopPropagation(); // typing here must not trigger the views' shortcuts
            if (e.key === 'Enter') {
              e.preventDefault();
              commit(draft);
            } else if (e.key === 'Escape') {
              setDraft(text(value));
              setError(null);
            } else if (def.type === 'number' && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
              e.preventDefault();
              const cur = Number(draft.trim() === '' ? (def.min ?? 0) : draft.replace(def.unit ?? '\u0000', '').trim());
              if (!Number.isFinite(cur)) return;
              const next = cur + (e.key === 'ArrowUp' ? 1 : -1) * (e.shiftKey ? 10 : 1);
              setDraft(String(Math.round(next * 1e6) / 1e6));
            }
          }}
        />
      )}
      {error ? (
        <div className="attr-error" id={`${id}-error`} role="alert" data-testid="attribute-error">
          {error}
        </div>
      ) : (
        <div className="attr-hint muted" id={`${id}-hint`}>
          {describeAttributeDef(def)}
        </div>
      )}
    </div>
  );
}
