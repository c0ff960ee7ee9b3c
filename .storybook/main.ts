// Storybook for the toolkit's patterns: React + Vite, msw's service worker served from public/.
import type { StorybookConfig } from '@storybook/react-vite'

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../stories/**/*.stories.tsx'],
  staticDirs: ['../public'],
  core: { disableTelemetry: true },
  // The root vite.config.ts (package aliases, React plugin) is loaded by the builder; its library build
  // settings are for the package, not for Storybook's app build.
  viteFinal: (viteConfig) => {
    if (viteConfig.build) {
      delete viteConfig.build.lib
      delete (viteConfig.build as { rolldownOptions?: unknown }).rolldownOptions
    }
    return viteConfig
  },
}

export default config
