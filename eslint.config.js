// ESLint for the pages' ES modules (static/, run in the browser) and the
// browser tests (e2e/, run in Node): the recommended rules, nothing more.

import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['**/node_modules/', 'e2e/screenshots/'] },
  js.configs.recommended,
  {
    files: ['static/**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: globals.browser },
  },
  {
    files: ['e2e/**/*.js', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
  },
];
