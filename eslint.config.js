// Lint: TypeScript recommended rules, plus the architectural boundary —
// nothing under src/core may import React, three's scene graph, zustand or touch the DOM.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
    { group: ['**/store/**', '**/views/**', '**/app/**'], message: 'src/core must not import from store, views or app.' },
  ],
};

const domGlobals = Object.keys(globals.browser).filter((g) => !(g in globals.node) && !(g in globals.worker));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**'] },
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
);
