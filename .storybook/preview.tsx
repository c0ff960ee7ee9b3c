// Every story: a fresh in-memory back end, msw handlers (a service worker in the browser), a fresh QueryClient.
import type { Preview } from '@storybook/react-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'
import type { SetupWorker } from 'msw/browser'
import { resetDb } from '../stories/mocks/db'
import { handlers } from '../stories/mocks/handlers'
import { withQueryClient } from '../stories/support/withQueryClient'

async function startWorker(): Promise<SetupWorker> {
  const { setupWorker } = await import('msw/browser')
  const worker = setupWorker(...handlers)
  await worker.start({
    quiet: true,
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: './mockServiceWorker.js' },
  })
  return worker
}

const preview: Preview = {
  loaders: [mswLoader(startWorker)],
  beforeEach: () => {
    resetDb()
  },
  decorators: [withQueryClient],
  parameters: {
    layout: 'padded',
    controls: { disable: true },
  },
}

export default preview
