/**
 * Vite plugin: zod runs jitless in the browser build. zod 4 speeds up object parsing by generating a
 * parser with `new Function`, and before that probes whether it may by calling `new Function("")`
 * inside a try — under the app's Content-Security-Policy (no 'unsafe-eval') the probe throws, and
 * Chromium still reports it as a `securitypolicyviolation`. zod reads its settings from
 * `globalThis.__zod_globalConfig` when its core module first runs and captures `jitless` when each
 * schema is built, so the setting must exist before any schema: prepending it to zod's core module
 * (which every schema imports) guarantees that in the app and in every worker.
 */
import type { Plugin } from 'vite';

const ZOD_CORE = /[\\/]node_modules[\\/]zod[\\/]v4[\\/]core[\\/]core\.js$/;
const GLOBAL = '__zod_globalConfig';

export function zodJitless(): Plugin {
  return {
    name: 'crosslabel:zod-jitless',
    transform(code, id) {
      if (!ZOD_CORE.test(id.split('?')[0])) return null;
      // a zod that no longer reads this global would silently probe with new Function again: fail the build
      if (!code.includes(GLOBAL)) throw new Error(`zodJitless: ${id} no longer reads globalThis.${GLOBAL}; find zod's new way to set jitless`);
      return { code: `(globalThis.${GLOBAL} ??= {}).jitless = true;\n${code}`, map: null };
    },
  };
}
