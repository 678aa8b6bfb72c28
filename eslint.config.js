import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Syntax-only rules (no type information), so that `eslint .` stays fast; tsc checks the types.

const envMessage = 'Read configuration in src/config.ts (loadConfig) and pass it down; only config.ts reads process.env.';

export default defineConfig(
  globalIgnores(['dist/', '**/node_modules/', '.vitaal/', 'test-artifacts/', '.tmp/', 'web/src/api/schema.d.ts']),
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    extends: [js.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    // DESIGN.md §3: config.ts is the only reader of the environment.
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    ignores: ['src/config.ts', 'test/**', 'scripts/**', 'bench/**', '**/*.config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: envMessage }],
      'no-restricted-syntax': [
        'error',
        // globalThis.process.env, which no-restricted-properties does not see.
        { selector: "MemberExpression[object.property.name='process'][property.name='env']", message: envMessage },
      ],
      'no-restricted-imports': [
        'error',
        { paths: ['process', 'node:process'].map((name) => ({ name, importNames: ['env'], message: envMessage })) },
      ],
    },
  },
);
