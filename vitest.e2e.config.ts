// The end-to-end suite (`npm run test:e2e`): the demo in headless Chromium, driven from Node. Files run one
// after another, each starting its own demo server and browser.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
})
