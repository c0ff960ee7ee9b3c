// ESLint (flat config): typescript-eslint's recommended rules everywhere, React's rules of hooks (and the
// React Compiler's checks that ship with them) for components and hooks, and TanStack Query's own rules.
// Formatting is Prettier's job (`.prettierrc.json`), so no stylistic rule is enabled here.
import pluginQuery from '@tanstack/eslint-plugin-query'
import reactHooks from 'eslint-plugin-react-hooks'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores([
    'dist/',
    'storybook-static/',
    'coverage/',
    '.ci-artifacts/',
    'public/mockServiceWorker.js',
    'package-lock.json',
  ]),
  tseslint.configs.recommended,
  pluginQuery.configs['flat/recommended'],
  {
    files: ['**/*.{ts,tsx}'],
    // Node-only code holds no React: the hub's `use…` helpers and the browser suite's Playwright fixtures
    // are not hooks.
    ignores: ['src/server/**', 'bench/**', 'scripts/**', 'examples/demo/server.ts', 'test/server/**', 'test/e2e/**'],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    rules: {
      // `_`-prefixed names mark parameters kept for a signature and values destructured out on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
)
