// Lint: TypeScript recommended rules, plus the architectural boundaries —
// nothing under src/core may import React, three's scene graph, zustand or touch the DOM, and the
// layers only import downward: core ← store ← hooks / keyboard ← views ← app (src/hooks/README.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * An import of a higher layer: a relative path that climbs (`../`) straight into one of `layers`
 * (e.g. `../../app/media` from src/views/camera), or a `src/<layer>` path. Dynamic `import()` is not
 * checked by no-restricted-imports.
 */
const upward = (layers, message) => ({ regex: `^(?:(?:\\.\\./)+|/?src/)(?:${layers.join('|')})(?:/|$)`, message });

const coreForbiddenImports = {
  paths: [
    { name: 'react', message: 'src/core is framework-free: no React.' },
    { name: 'react-dom', message: 'src/core is framework-free: no React.' },
    { name: '@react-three/fiber', message: 'src/core is framework-free: no R3F.' },
    { name: 'three', message: 'src/core must not depend on three (scene graph); use plain typed arrays and math.' },
    { name: 'zustand', message: 'src/core is pure: the store lives in src/store.' },
  ],
  patterns: [
    { group: ['react/*', 'react-dom/*', 'three/*', '@react-three/*', 'zustand/*'], message: 'src/core is framework-free.' },
    { group: ['**/store/**', '**/views/**', '**/app/**', '**/server/**'], message: 'src/core must not import from store, views, app or server.' },
    upward(['store', 'hooks', 'views', 'app', 'keyboard', 'server'], 'src/core is the bottom layer: no store, hooks, keyboard, views, app or server.'),
  ],
};

/** Per layer: the folders above it (core ← store ← hooks / keyboard ← views ← app). */
const layerRules = [
  { files: ['src/store/**/*.{ts,tsx}'], above: ['hooks', 'keyboard', 'views', 'app', 'server'], message: 'src/store must not import hooks, keyboard, views, app or server (core ← store ← hooks ← views ← app).' },
  { files: ['src/hooks/**/*.{ts,tsx}', 'src/keyboard/**/*.{ts,tsx}'], above: ['views', 'app', 'server'], message: 'src/hooks and src/keyboard must not import views, app or server (core ← store ← hooks ← views ← app).' },
  { files: ['src/views/**/*.{ts,tsx}'], above: ['app', 'server'], message: 'src/views must not import app or server: shared hooks live in src/hooks (core ← store ← hooks ← views ← app).' },
  // src/server is Node-only: never bundled into the browser app (store, hooks, keyboard and views list it above).
  { files: ['src/app/**/*.{ts,tsx}', 'src/workers/**/*.{ts,tsx}', 'src/main.tsx'], above: ['server'], message: 'src/server is Node-only: the browser app must not import it.' },
].map(({ files, above, message }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns: [upward(above, message)] }] } }));

const domGlobals = Object.keys(globals.browser).filter((g) => !(g in globals.node) && !(g in globals.worker));

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'test-results/**', 'test-results-*/**', 'playwright-report/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.worker } },
    rules: {
      'no-restricted-imports': ['error', coreForbiddenImports],
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: 'src/core must not use the DOM.' }))],
    },
  },
  ...layerRules,
);
