import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { SECURITY_HEADERS } from './src/core/csp';
import { cspMeta } from './scripts/vite/cspMeta';
import { openlabelValidators } from './scripts/vite/openlabelValidators';
import { zodJitless } from './scripts/vite/zodJitless';

// Nothing in the built app generates code at run time (the CSP forbids it): the OpenLABEL validators
// are precompiled and zod runs jitless, in the app and in its workers.
const cspSafe = () => [openlabelValidators(), zodJitless()];

export default defineConfig({
  plugins: [react(), ...cspSafe(), cspMeta()],
  worker: { format: 'es', plugins: cspSafe },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  // The built app is served with its Content-Security-Policy (src/core/csp.ts), as the team server
  // serves it. The dev server (`npm start`) is not: HMR and React refresh need inline scripts and eval.
  preview: { headers: { ...SECURITY_HEADERS } },
});
