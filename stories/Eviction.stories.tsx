import { useQueryClient } from '@tanstack/react-query'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { limitCache } from 'react-query-toolkit'
import { useCacheMetrics } from 'react-query-toolkit/metrics'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useProject } from '../examples/domain/queries'
import { StoryFigures } from './support/StoryFigures'

const PROJECTS = [
  ['p1', 'Website relaunch'],
  ['p2', 'Mobile app'],
  ['p3', 'Data warehouse'],
] as const

function ProjectDetail({ id }: { id: string }) {
  const { data } = useProject(id)
  return <p aria-label="Open project">{data?.name ?? 'loading…'}</p>
}

/** The keys in the cache, re-read on every cache event. */
function useCachedKeys(): Array<string> {
  const cache = useQueryClient().getQueryCache()
  const joined = useSyncExternalStore(
    (listener) => cache.subscribe(listener),
    () =>
      cache
        .getAll()
        .map((query) => query.queryHash)
        .join('\n'),
  )
  return joined ? joined.split('\n') : []
}

function Eviction() {
  const client = useQueryClient()
  const [open, setOpen] = useState<string>()
  // The bound an app would set at startup; two queries so that the third project shows an eviction.
  useEffect(() => limitCache(client, { maxQueries: 2 }), [client])
  const evictions = useCacheMetrics((metrics) => metrics.evictions)
  const keys = useCachedKeys()
  return (
    <div>
      {PROJECTS.map(([id, name]) => (
        <button key={id} type="button" onClick={() => setOpen(id)} style={{ marginRight: 8 }}>
          Open {name}
        </button>
      ))}
      {open && <ProjectDetail key={open} id={open} />}
      <p>
        Evictions: <output aria-label="Evictions">{evictions}</output>
      </p>
      <ul aria-label="Cached queries">
        {keys.map((key) => (
          <li key={key}>{key}</li>
        ))}
      </ul>
      <StoryFigures />
    </div>
  )
}

const meta = {
  title: 'Patterns/Eviction',
  component: Eviction,
  parameters: {
    docs: {
      description: {
        component:
          '`limitCache(queryClient, { maxQueries })` bounds the cache: past the bound, the least recently used ' +
          'inactive query is evicted (never one on screen, fetching, or under an optimistic update). Here the bound ' +
          'is two queries: the project closed longest ago leaves memory when a third one opens, and opening it ' +
          'again is a miss. Use it where users browse many entities in a long-lived tab.',
      },
    },
  },
} satisfies Meta<typeof Eviction>

export default meta
type Story = StoryObj<typeof meta>

export const LeastRecentlyUsedLeaves: Story = {
  parameters: {
    docs: {
      description: {
        story: 'Open three projects one after the other: the first is evicted; opening it again fetches it again.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const cached = () => within(canvas.getByRole('list', { name: 'Cached queries' })).queryAllByRole('listitem')
    for (const [, name] of PROJECTS) {
      await userEvent.click(canvas.getByRole('button', { name: `Open ${name}` }))
      await waitFor(() => expect(canvas.getByLabelText('Open project').textContent).toBe(name))
    }
    await waitFor(() => expect(canvas.getByLabelText('Evictions').textContent).toBe('1'))
    await expect(cached().map((item) => item.textContent)).toEqual([
      '["projects","detail","p2"]',
      '["projects","detail","p3"]',
    ])
    await expect(canvas.getByLabelText('Requests').textContent).toBe('3')
    await userEvent.click(canvas.getByRole('button', { name: 'Open Website relaunch' }))
    await waitFor(() => expect(canvas.getByLabelText('Open project').textContent).toBe('Website relaunch'))
    await expect(canvas.getByLabelText('Requests').textContent).toBe('4')
    await expect(canvas.getByLabelText('Misses').textContent).toBe('4')
    await waitFor(() => expect(canvas.getByLabelText('Evictions').textContent).toBe('2'))
  },
}
