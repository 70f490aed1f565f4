/**
 * The shortcut sheet (`?`): every command by group with its bindings. Click a binding (or "+")
 * and press the new combination to rebind it; a combination another command already uses where
 * the same key press could reach it is refused with a message; Esc while waiting cancels. Changes
 * are saved at once (store/shortcuts.ts); "Reset to defaults" drops them all. A modal dialog:
 * Tab stays inside, Esc closes it and focus returns to where it was.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { comboFromEvent, formatCombo } from '../../keyboard/combo';
import { useCommandRegistry, useRegistryVersion } from '../../keyboard/react';
import './keyboard.css';

type Capture = { id: string; replace?: string };

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const reg = useCommandRegistry();
  const version = useRegistryVersion(reg);
  const [capture, setCapture] = useState<Capture | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [filter, setFilter] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);

  useEffect(() => filterRef.current?.focus(), []);

  // while waiting for a combination, the next key press anywhere is the new binding
  useEffect(() => {
    if (!capture) return;
    const onKey = (e: KeyboardEvent) => {
      e.preventDefault();
      e.stopPropagation();
      if (e.key === 'Escape') {
        setCapture(null);
        setMessage(null);
        return;
      }
      const combo = comboFromEvent(e);
      if (!combo) return; // a lone modifier: wait for the key
      const title = reg.def(capture.id)?.title ?? capture.id;
      const r = reg.bind(capture.id, combo, capture.replace);
      setMessage(r.ok ? { text: `“${title}” is now ${formatCombo(combo)}`, error: false } : { text: r.message, error: true });
      setCapture(null);
      // the chip clicked may be gone (a new binding is a new chip): keep focus on this command's row
      const id = capture.id;
      requestAnimationFrame(() => {
        if (dialogRef.current?.contains(document.activeElement)) return;
        dialogRef.current?.querySelector<HTMLElement>(`tr[data-command="${CSS.escape(id)}"] .kbd-chip, tr[data-command="${CSS.escape(id)}"] .kbd-add`)?.focus();
      });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [capture, reg]);

  const titles = useMemo(() => new Map(version >= 0 ? reg.available().map((a) => [a.def.id, a.title]) : []), [reg, version]);
  const groups = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const m = new Map<string, typeof reg.catalog>();
    for (const def of reg.catalog) {
      const title = titles.get(def.id) ?? def.title;
      if (q && !`${title} ${def.group} ${reg.keysOf(def.id).join(' ')}`.toLowerCase().includes(q)) continue;
      m.set(def.group, [...(m.get(def.group) ?? []), def]);
    }
    return m;
    // version: bindings changed
  }, [reg, titles, filter, version]);

  // Esc closes the sheet wherever focus is (a removed chip leaves it on the body)
  useEffect(() => {
    if (capture) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [capture, onClose]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (capture) return;
    if (e.key === 'Tab') {
      // keep Tab inside the dialog
      const f = [...(dialogRef.current?.querySelectorAll<HTMLElement>('button, input') ?? [])].filter((x) => !(x as HTMLButtonElement).disabled);
      if (!f.length) return;
      const i = f.indexOf(document.activeElement as HTMLElement);
      if (e.shiftKey && i <= 0) {
        e.preventDefault();
        f[f.length - 1].focus();
      } else if (!e.shiftKey && i === f.length - 1) {
        e.preventDefault();
        f[0].focus();
      }
    }
  };

  return (
    <div className="kbd-overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialogRef} className="kbd-sheet" role="dialog" aria-modal="true" aria-labelledby="kbd-sheet-title" data-testid="shortcut-sheet" onKeyDown={onKeyDown}>
        <div className="kbd-sheet-head">
          <h2 id="kbd-sheet-title">Keyboard shortcuts</h2>
          <input ref={filterRef} type="search" placeholder="Filter…" aria-label="filter shortcuts" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <button
            onClick={() => {
              reg.resetAll();
              setMessage({ text: 'Every shortcut is back to its default', error: false });
            }}
          >
            Reset to defaults
          </button>
          <button onClick={onClose} aria-label="close shortcuts">
            ✕
          </button>
        </div>
        <p className="kbd-hint muted">Click a shortcut, then press the new combination (Esc cancels). Camera and LiDAR keys work while that pane has focus; the others anywhere outside a text field.</p>
        <p className={`kbd-message${message?.error ? ' error' : ''}`} role={message?.error ? 'alert' : 'status'} data-testid="shortcut-message">
          {capture ? `Press the new shortcut for “${titles.get(capture.id) ?? reg.def(capture.id)?.title}”…` : (message?.text ?? '')}
        </p>
        <div className="kbd-groups">
          {[...groups].map(([group, defs]) => (
            <section key={group} className="kbd-group">
              <h3>{group}</h3>
              <table>
                <tbody>
                  {defs.map((def) => {
                    const title = titles.get(def.id) ?? def.title;
                    const keys = reg.keysOf(def.id);
                    return (
                      <tr key={def.id} data-command={def.id}>
                        <td className="kbd-title">
                          {title}
                          {def.scope !== 'global' ? <span className="kbd-scope muted"> · {def.scope === 'camera' ? 'camera pane' : def.scope === 'lidar' ? 'LiDAR pane' : def.scope === 'text' ? 'text editor' : 'timeline'}</span> : null}
                        </td>
                        <td className="kbd-cell-keys">
                          {keys.map((k) => (
                            <span key={k} className="kbd-binding">
                              <button className={`kbd-chip${capture?.id === def.id && capture.replace === k ? ' capturing' : ''}`} aria-label={`change shortcut ${formatCombo(k)} of ${title}`} onClick={() => setCapture({ id: def.id, replace: k })}>
                                <kbd>{capture?.id === def.id && capture.replace === k ? '…' : formatCombo(k)}</kbd>
                              </button>
                              <button className="kbd-remove" aria-label={`remove shortcut ${formatCombo(k)} of ${title}`} title="Remove this shortcut" onClick={() => reg.unbind(def.id, k)}>
                                ×
                              </button>
                            </span>
                          ))}
                          <button className={`kbd-add${capture?.id === def.id && capture.replace === undefined ? ' capturing' : ''}`} aria-label={`add a shortcut to ${title}`} title="Add a shortcut" onClick={() => setCapture({ id: def.id })}>
                            +
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
