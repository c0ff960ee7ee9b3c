import { useQueryClient } from '@tanstack/react-query'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect } from 'react'
import { useCacheMetrics } from 'react-query-toolkit/metrics'
import { connectInvalidationStream, useStreamStatus } from 'react-query-toolkit/live'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { db } from './mocks/db'
import { useProjects } from '../examples/domain/queries'
import { apiUrl } from '../examples/domain/repository'
import { publishInvalidation } from './mocks/stream'
import { StoryFigures } from './support/StoryFigures'

/** What another user's edit does on the server: change the row, then announce it on the stream. */
function renameOnServer(id: string, name: string) {
  const project = db.projects.find((candidate) => candidate.id === id)
  if (project) Object.assign(project, { name, updatedAt: project.updatedAt + 1 })
  publishInvalidation({ tags: [`project:${id}`] })
}

function LiveProjects() {
  const client = useQueryClient()
  useEffect(() => {
    // One tab here (`share: false`) and no jitter, so the refetch is visible at once. The story's server
    // lives in memory and forgets its event ids on every visit: no resume point is kept across visits
    // (resuming from an id the server cannot replay would, rightly, invalidate everything).
    const stream = connectInvalidationStream(client, {
      url: apiUrl('/invalidations'),
      share: false,
      jitterMs: 0,
      resumeStorage: false,
    })
    return stream.close
  }, [client])
  const state = useStreamStatus((status) => status.state)
  const role = useStreamStatus((status) => status.role)
  const { data } = useProjects('o1')
  const byStream = useCacheMetrics((metrics) => metrics.invalidations.stream)
  return (
    <div>
      <p>
        Stream: <output aria-label="Stream state">{state}</output> (<output aria-label="Stream role">{role}</output>),
        invalidations received: <output aria-label="Invalidations by stream">{byStream}</output>
      </p>
      <ul aria-label="Projects">
        {data?.map((project) => (
          <li key={project.id}>{project.name}</li>
        ))}
      </ul>
      <button type="button" onClick={() => renameOnServer('p1', 'Website relaunch (renamed by Grace)')}>
        Another user renames “Website relaunch”
      </button>
      <StoryFigures match="/projects" />
    </div>
  )
}

const meta = {
  title: 'Patterns/Live invalidation over the stream',
  component: LiveProjects,
  parameters: {
    docs: {
      description: {
        component:
          'The server announces changes on an invalidation stream (Server-Sent Events, protocol v1: `hello`, ' +
          '`invalidate` with keys or tags). The client invalidates every matching query and refetches the active ones, ' +
          "so a list shows another user's edit without polling. Use it for data that others change while it is on screen.",
      },
    },
  },
} satisfies Meta<typeof LiveProjects>

export default meta
type Story = StoryObj<typeof meta>

export const AnotherUserEdits: Story = {
  parameters: {
    docs: {
      description: {
        story:
          'The button plays another user: the server renames the project and sends `invalidate` for the tag `project:p1`; the list, which holds that tag, refetches.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('Website relaunch')
    await waitFor(() => expect(canvas.getByLabelText('Stream state').textContent).toBe('open'))
    await expect(canvas.getByLabelText('Stream role').textContent).toBe('solo')
    await userEvent.click(canvas.getByRole('button', { name: /Another user renames/ }))
    await canvas.findByText('Website relaunch (renamed by Grace)')
    await expect(canvas.getByLabelText('Invalidations by stream').textContent).toBe('1')
    await expect(canvas.getByLabelText('Requests').textContent).toBe('2')
  },
}
