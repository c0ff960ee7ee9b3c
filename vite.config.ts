import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { configDefaults } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

/** One build entry per subpath export; each maps to `dist/<name>.js`. */
export const entries = {
  index: src('index.ts'),
  metrics: src('metrics/index.ts'),
  persist: src('persist/index.ts'),
  live: src('live/index.ts'),
  server: src('server/index.ts'),
  devtools: src('devtools/index.ts'),
}

const external = [
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^@tanstack\//,
  'zustand',
  /^zustand\//,
  'idb-keyval',
  'eventsource-parser',
  'ioredis',
  /^node:/,
  // Self-reference: devtools import the metrics by their public name, so the devtools bundle reuses the
  // app's `dist/metrics.js` (one store) instead of inlining a second copy.
  /^react-query-toolkit\/metrics$/,
]

/** The package's own entry names resolved to its sources (tests, the demo, the stories). */
export const aliases = [
  { find: /^react-query-toolkit$/, replacement: src('index.ts') },
  { find: /^react-query-toolkit\/(metrics|persist|live|server|devtools)$/, replacement: src('$1/index.ts') },
]

export default defineConfig({
  plugins: [react()],
  resolve: { alias: aliases },
  build: {
    target: 'es2022',
    minify: false,
    // public/ holds msw's service worker for Storybook; it is not part of the package.
    copyPublicDir: false,
    sourcemap: false,
    lib: { entry: entries, formats: ['es'] },
    rolldownOptions: {
      external,
      output: { chunkFileNames: 'shared/[name]-[hash].js' },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}', 'stories/**/*.test.{ts,tsx}'],
    // The browser suite has its own config (vitest.e2e.config.ts) and runs with `npm run test:e2e`.
    exclude: [...configDefaults.exclude, 'test/e2e/**'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 15_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.{ts,tsx}'],
      tsconfig: './tsconfig.json',
    },
  },
})
