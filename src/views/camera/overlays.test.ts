import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../keyboard/catalog';
import { OVERLAYS } from './overlays';

// Lives here, not in src/keyboard: the keyboard layer must not import views (eslint.config.js).
describe('camera overlays', () => {
  it('have one keyboard command each, bound to the overlay’s documented key', () => {
    for (const o of OVERLAYS) expect(COMMANDS.find((c) => c.id === `camera.overlay.${o.key}`)?.keys).toEqual([o.shortcut.toUpperCase()]);
  });
});
