/**
 * The command palette (cmdk in a Radix dialog): every command some part of the workbench can run
 * now, grouped, with its current shortcut; typing filters fuzzily, ↑/↓ and Enter run one, Esc
 * closes and focus goes back where it was. The command runs after the dialog has given focus
 * back, so a command that moves focus (focus the object list) keeps it.
 */
import { Command } from 'cmdk';
import { useMemo } from 'react';
import { formatCombo } from '../../keyboard/combo';
import { useCommandRegistry, useRegistryVersion } from '../../keyboard/react';
import './keyboard.css';

export function CommandPalette({ open, onOpenChange, onRun }: { open: boolean; onOpenChange: (open: boolean) => void; onRun: (id: string) => void }) {
  const reg = useCommandRegistry();
  const version = useRegistryVersion(reg);
  const groups = useMemo(() => {
    const m = new Map<string, ReturnType<typeof reg.available>>();
    if (!open || version < 0) return m;
    for (const item of reg.available()) {
      const list = m.get(item.def.group) ?? [];
      list.push(item);
      m.set(item.def.group, list);
    }
    return m;
  }, [reg, version, open]);

  return (
    <Command.Dialog open={open} onOpenChange={onOpenChange} label="Command palette" overlayClassName="kbd-overlay" contentClassName="kbd-palette" loop data-testid="command-palette">
      <Command.Input placeholder="Type a command…" aria-label="command" />
      <Command.List label="Commands">
        <Command.Empty>No command matches.</Command.Empty>
        {[...groups].map(([group, items]) => (
          <Command.Group key={group} heading={group}>
            {items.map(({ def, title, enabled }) => (
              <Command.Item key={def.id} value={`${title} ${def.id}`} keywords={[group]} disabled={!enabled} onSelect={() => onRun(def.id)} data-command={def.id}>
                <span className="kbd-title">{title}</span>
                <span className="kbd-keys">
                  {reg.keysOf(def.id).map((k) => (
                    <kbd key={k}>{formatCombo(k)}</kbd>
                  ))}
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        ))}
      </Command.List>
    </Command.Dialog>
  );
}
