import { useQueryClient } from '@tanstack/react-query'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { warmCache } from 'react-query-toolkit'
import type { WarmCacheReport } from 'react-query-toolkit'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { organizationQueries, projectQueries, useProjects } from '../examples/domain/queries'
import { StoryFigures } from './support/StoryFigures'

function ProjectPage() {
  const { data } = useProjects('o2')
  return (
    <ul aria-label="Globex projects">
      {data?.map((project) => (
        <li key={project.id}>{project.name}</li>
      ))}
    </ul>
  )
}

function CacheWarming() {
  const client = useQueryClient()
  const [report, setReport] = useState<WarmCacheReport>()
  const [open, setOpen] = useState(false)
  const signIn = async () => {
    // What the user is most likely to open next, fetched while they read the landing page.
    setReport(
      await warmCache(client, [organizationQueries.all(), projectQueries.list('o1'), projectQueries.list('o2')], {
        concurrency: 2,
      }),
    )
  }
  return (
    <div>
      <button type="button" onClick={() => void signIn()}>
        Sign in (warms the cache)
      </button>{' '}
      <button type="button" onClick={() => setOpen(true)} disabled={!report}>
        Open Globex projects
      </button>
      <p>
        Warmed: <output aria-label="Warmed">{report ? `${report.warmed}, ${report.failed.length} failed` : '–'}</output>
      </p>
      {open && <ProjectPage />}
      <StoryFigures />
    </div>
  )
}

const meta = {
  title: 'Patterns/Cache warming',
  component: CacheWarming,
  parameters: {
    docs: {
      description: {
        component:
          '`warmCache(queryClient, [queryOptions…], { concurrency })` prefetches what the user will most likely open ' +
          "next (after sign-in, on a link's hover) with bounded concurrency; one failure never stops the rest. " +
          'Use it where the next screen is predictable and its data is cheap to fetch early.',
      },
    },
  },
} satisfies Meta<typeof CacheWarming>

export default meta
type Story = StoryObj<typeof meta>

export const WarmThenOpen: Story = {
  parameters: {
    docs: {
      description: {
        story: 'Signing in fetches three reads ahead; opening the page afterwards is a hit with no request of its own.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in (warms the cache)' }))
    await waitFor(() => expect(canvas.getByLabelText('Warmed').textContent).toBe('3, 0 failed'))
    await expect(canvas.getByLabelText('Requests').textContent).toBe('3')
    await userEvent.click(canvas.getByRole('button', { name: 'Open Globex projects' }))
    await expect(canvas.getByText('Data warehouse')).toBeTruthy()
    await waitFor(() => expect(canvas.getByLabelText('Hits').textContent).toBe('1'))
    await expect(canvas.getByLabelText('Misses').textContent).toBe('0')
    await expect(canvas.getByLabelText('Requests').textContent).toBe('3')
  },
}
