import { QueryClientProvider } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { invalidateKeys, syncTabs } from 'react-query-toolkit'
import type { ShareLocks } from 'react-query-toolkit'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useStore } from 'zustand'
import { projectKeys, useProjects } from '../examples/domain/queries'
import { requestLog } from './mocks/db'
import { createStoryClient } from './support/withQueryClient'

const TABS = 3

/**
 * The story's tabs live in one page, so where the browser has no Web Locks (the story tests run in
 * jsdom) a lock held in this page is all they need; in a browser, `navigator.locks` is used.
 */
function pageLocks(): ShareLocks {
  const tails = new Map<string, Promise<unknown>>()
  return {
    request: (name, options, callback) => {
      if (options.ifAvailable && tails.has(name)) return Promise.resolve(callback(null))
      const run = (tails.get(name) ?? Promise.resolve()).catch(() => {}).then(() => callback({ name }))
      const tail = run.finally(() => {
        if (tails.get(name) === tail) tails.delete(name)
      })
      tails.set(name, tail)
      return run
    },
  }
}

function ProjectCount({ tab }: { tab: number }) {
  const { data, isFetching } = useProjects('o1')
  return (
    <p aria-label={`Tab ${tab}`}>
      {data ? `${data.length} projects` : 'loading'}
      {isFetching ? ' (fetching)' : ''}
    </p>
  )
}

function Tab({ tab, client }: { tab: number; client: QueryClient }) {
  return (
    <QueryClientProvider client={client}>
      <section style={{ border: '1px solid #d0d7de', borderRadius: 6, padding: '4px 10px' }}>
        <h3 style={{ margin: '4px 0', font: '600 13px system-ui' }}>Tab {tab}</h3>
        <ProjectCount tab={tab} />
      </section>
    </QueryClientProvider>
  )
}

function SharedFetches() {
  // One QueryClient per tab, as each browser tab has its own; they sync over a channel of their own.
  const [tabs] = useState(() => {
    const channelName = `story-shared-fetches-${Math.random()}`
    const locks = (globalThis.navigator as { locks?: ShareLocks } | undefined)?.locks ?? pageLocks()
    return Array.from({ length: TABS }, () => {
      const client = createStoryClient()
      return { client, stop: syncTabs(client, { channelName, shareFetches: { locks } }) }
    })
  })
  useEffect(() => () => tabs.forEach(({ stop }) => stop()), [tabs])
  const requests = useStore(requestLog, (log) => log.requests.filter((entry) => entry.includes('/projects')).length)
  return (
    <div style={{ font: '13px system-ui, sans-serif' }}>
      <div style={{ display: 'flex', gap: 12 }}>
        {tabs.map(({ client }, index) => (
          <Tab key={index} tab={index + 1} client={client} />
        ))}
      </div>
      <button type="button" onClick={() => void invalidateKeys(tabs[0]!.client, [projectKeys.list('o1')])}>
        Invalidate in tab 1
      </button>
      <p>
        Requests: <output aria-label="Requests">{requests}</output>
      </p>
    </div>
  )
}

const meta = {
  title: 'Patterns/Shared fetches',
  component: SharedFetches,
  parameters: {
    ownClient: true,
    docs: {
      description: {
        component:
          '`syncTabs(queryClient, { shareFetches: true })`: when several tabs need the same query at once, the tab ' +
          "holding the query's Web Lock fetches and the others settle with its answer over BroadcastChannel. " +
          'Three tabs (three QueryClients) mount the same list, then one invalidates it: each time, one request.',
      },
    },
  },
} satisfies Meta<typeof SharedFetches>

export default meta
type Story = StoryObj<typeof meta>

export const ThreeTabsOneRequest: Story = {
  parameters: {
    docs: {
      description: {
        story:
          'The three tabs mount the list at once: one request. "Invalidate in tab 1" reaches the list in every ' +
          'tab (through `syncTabs`): one more request, and every tab shows the answer.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    for (let tab = 1; tab <= TABS; tab++) {
      await waitFor(() => expect(canvas.getByLabelText(`Tab ${tab}`).textContent).toMatch(/^\d+ projects$/))
    }
    await expect(canvas.getByLabelText('Requests').textContent).toBe('1')
    await userEvent.click(canvas.getByRole('button', { name: 'Invalidate in tab 1' }))
    await waitFor(() => expect(canvas.getByLabelText('Requests').textContent).toBe('2'))
    for (let tab = 1; tab <= TABS; tab++) {
      await waitFor(() => expect(canvas.getByLabelText(`Tab ${tab}`).textContent).toMatch(/^\d+ projects$/))
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
    await expect(canvas.getByLabelText('Requests').textContent).toBe('2')
  },
}
