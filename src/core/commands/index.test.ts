import { describe, expect, it } from 'vitest';
import * as all from './index';
import { COMMANDS, commandByType } from './index';

describe('command registry', () => {
  it('lists every exported command once, with unique types and shortcuts', () => {
    const exported = Object.values(all).filter((v): v is all.CommandDef<never> => typeof v === 'object' && v !== null && 'run' in v && 'type' in v);
    expect(new Set(COMMANDS.map((c) => c.command))).toEqual(new Set(exported));
    expect(new Set(COMMANDS.map((c) => c.type)).size).toBe(COMMANDS.length);
    const keys = COMMANDS.flatMap((c) => (c.shortcut ? [c.shortcut] : []));
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of COMMANDS) expect(c.label.length).toBeGreaterThan(0);
    expect(commandByType('annotation/delete')?.shortcut).toBe('Delete');
  });
});
