/**
 * The object picker a text span is linked through: the scene's objects, by default only those
 * visible at the playhead ("Show all" lists the rest), narrowed by a typed filter (name, id,
 * class name or synonym) and optionally by one class (a detected mention's). Keyboard: type to
 * filter, ↓/↑ move, Space ticks an object (several may be linked to one phrase: "the two cars"),
 * Enter links the ticked objects (or the highlighted one when none is ticked), Esc cancels.
 * Not modal: the camera and LiDAR stay visible so the annotator can see which car is which.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Scene } from '../../core/schema';
import { useClassColor } from '../../hooks/sceneHooks';
import { useWorkbenchStore } from '../../hooks/storeContext';

export interface LinkPickerProps {
  scene: Scene;
  /** The words being linked, shown in the title. */
  phrase: string;
  visible: ReadonlySet<string>;
  /** Only objects of this class (a detected mention's); the chip clears it. */
  classFilter?: string;
  onConfirm(objects: string[]): void;
  onCancel(): void;
}

interface Row {
  id: string;
  name: string;
  classId: string;
  className: string;
  /** Lower-case text the filter matches against. */
  haystack: string;
  visible: boolean;
}

export function LinkPicker({ scene, phrase, visible, classFilter, onConfirm, onCancel }: LinkPickerProps) {
  const store = useWorkbenchStore();
  const colorOf = useClassColor();
  const [query, setQuery] = useState('');
  const [cls, setCls] = useState(classFilter);
  const [showAll, setShowAll] = useState(false);
  const [active, setActive] = useState(0);
  const [ticked, setTicked] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const base = useId();

  const rows: Row[] = useMemo(() => {
    const classes = new Map(scene.taxonomy.classes.map((c) => [c.id, c]));
    return Object.values(scene.objects)
      .map((o) => {
        const c = classes.get(o.classId);
        const name = o.name ?? o.id;
        return { id: o.id, name, classId: o.classId, className: c?.name ?? o.classId, haystack: [name, o.id, c?.name ?? '', o.classId, ...(c?.synonyms ?? [])].join('\n').toLowerCase(), visible: visible.has(o.id) };
      })
      .sort((a, b) => Number(b.visible) - Number(a.visible) || a.name.localeCompare(b.name, undefined, { numeric: true }));
  }, [scene.objects, scene.taxonomy, visible]);

  const noneVisible = !rows.some((r) => r.visible && (!cls || r.classId === cls));
  const all = showAll || noneVisible;
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return rows.filter((r) => (all || r.visible) && (!cls || r.classId === cls) && (!q || q.split(/\s+/).every((w) => r.haystack.includes(w))));
  }, [rows, all, cls, query]);
  const at = Math.min(active, Math.max(0, shown.length - 1));

  useEffect(() => {
    input.current?.focus({ preventScroll: true });
    root.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${at}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [at]);
  // pointing at a row lights the object up in the other views; the pointer leaving the picker ends it
  const hover = (id: string | null) => store.getState().setHover(id ? { kind: 'object', object: id } : null);
  useEffect(
    () => () => {
      if (store.getState().live.hover?.kind === 'object') store.getState().setHover(null);
    },
    [store],
  );

  const toggle = (id: string) => setTicked((t) => (t.includes(id) ? t.filter((x) => x !== id) : [...t, id]));
  const confirm = () => {
    const chosen = ticked.length ? ticked : shown[at] ? [shown[at].id] : [];
    if (chosen.length) onConfirm(chosen);
  };

  const onKey = (e: React.KeyboardEvent, inList: boolean) => {
    // keys typed here never reach the workbench's shortcuts (V, ".", …)
    e.stopPropagation();
    const move = (to: number) => {
      e.preventDefault();
      setActive(Math.max(0, Math.min(shown.length - 1, to)));
    };
    if (e.key === 'ArrowDown') {
      move(inList ? at + 1 : at);
      if (!inList) list.current?.focus();
    } else if (e.key === 'ArrowUp') {
      if (inList && at === 0) {
        e.preventDefault();
        input.current?.focus();
      } else move(at - 1);
    } else if (e.key === 'Home' && inList) move(0);
    else if (e.key === 'End' && inList) move(shown.length - 1);
    else if (e.key === 'PageDown' && inList) move(at + 8);
    else if (e.key === 'PageUp' && inList) move(at - 8);
    else if (e.key === ' ' && inList) {
      e.preventDefault();
      if (shown[at]) toggle(shown[at].id);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      confirm();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (inList && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // typing in the list goes on filtering
      e.preventDefault();
      setQuery((q) => q + e.key);
      input.current?.focus();
    } else if (inList && e.key === 'Backspace') {
      e.preventDefault();
      setQuery((q) => q.slice(0, -1));
      input.current?.focus();
    }
  };

  const className = cls ? (scene.taxonomy.classes.find((c) => c.id === cls)?.name ?? cls) : null;
  return (
    <div ref={root} className="text-picker" role="dialog" aria-label={`Link “${phrase}” to objects`} data-testid="link-picker" onMouseLeave={() => hover(null)}>
      <div className="text-picker-head">
        <span>
          Link <q className="text-picker-phrase">{phrase}</q> to
        </span>
        {className ? (
          <button type="button" className="text-chip" title="Show every class" onClick={() => setCls(undefined)} data-testid="picker-class">
            class: {className} ×
          </button>
        ) : null}
        <label className="text-picker-all small">
          <input type="checkbox" checked={all} disabled={noneVisible} onChange={(e) => setShowAll(e.target.checked)} data-testid="picker-show-all" /> show all objects
        </label>
      </div>
      <input
        ref={input}
        className="text-picker-filter"
        placeholder="Filter objects (name, class)…"
        value={query}
        spellCheck={false}
        aria-controls={`${base}-list`}
        aria-activedescendant={shown[at] ? `${base}-${at}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => onKey(e, false)}
        data-testid="picker-filter"
      />
      {noneVisible ? <p className="muted small">No {className ?? 'object'} is labelled in what the views show now; listing every one.</p> : null}
      <div
        ref={list}
        id={`${base}-list`}
        className="text-picker-list"
        role="listbox"
        aria-multiselectable="true"
        tabIndex={0}
        aria-activedescendant={shown[at] ? `${base}-${at}` : undefined}
        onKeyDown={(e) => onKey(e, true)}
        data-testid="picker-list"
      >
        {shown.length === 0 ? <p className="muted small">No object matches.</p> : null}
        {shown.map((r, i) => (
          <div
            key={r.id}
            id={`${base}-${i}`}
            data-index={i}
            data-object={r.id}
            role="option"
            aria-selected={ticked.includes(r.id)}
            className={`text-picker-row${i === at ? ' active' : ''}`}
            onMouseEnter={() => hover(r.id)}
            onMouseDown={(e) => e.preventDefault() /* keep focus where it is */}
            onClick={(e) => {
              setActive(i);
              if (e.ctrlKey || e.metaKey || ticked.length) toggle(r.id);
              else onConfirm([r.id]);
            }}
          >
            <input type="checkbox" tabIndex={-1} checked={ticked.includes(r.id)} readOnly onClick={(e) => {
                e.stopPropagation();
                setActive(i);
                toggle(r.id);
              }} aria-label={`tick ${r.name}`} />
            <span className="swatch" style={{ background: colorOf(r.classId) }} />
            <span className="text-picker-name">{r.name}</span>
            <span className="muted small">{r.className}</span>
            {r.visible ? <span className="badge">in view</span> : null}
          </div>
        ))}
      </div>
      <div className="text-picker-actions">
        <span className="muted small">↑↓ move · Space tick · Enter link · Esc cancel</span>
        <span className="spacer" />
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!ticked.length && !shown[at]} onClick={confirm} data-testid="picker-link">
          Link{ticked.length > 1 ? ` ${ticked.length} objects` : ''}
        </button>
      </div>
    </div>
  );
}
