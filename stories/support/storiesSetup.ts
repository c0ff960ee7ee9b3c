// Story tests: the preview's annotations with msw/node in place of the service worker.
import './nodeGlobals'
import { setProjectAnnotations } from '@storybook/react'
import { mswLoader } from 'msw-storybook-addon/csf3'
import type { SetupWorker } from 'msw/browser'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import preview from '../../.storybook/preview'
import { handlers } from '../mocks/handlers'
import { resetStreams } from '../mocks/stream'
import { clearStoryClients } from './withQueryClient'

export const server = setupServer(...handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(async () => {
  clearStoryClients()
  resetStreams()
  server.close()
  // The last story stays mounted: what the clear notifies (TanStack schedules it on a timer, then React
  // renders) must run while the DOM still exists, not after the environment is torn down.
  await new Promise((resolve) => setTimeout(resolve, 50))
})

// The server's `use` and `resetHandlers` are all the loader needs of a worker.
setProjectAnnotations([{ ...preview, loaders: [mswLoader(() => server as unknown as SetupWorker)] }])
