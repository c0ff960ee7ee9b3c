import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useProjects } from '../examples/domain/queries'
import { StoryFigures } from './support/StoryFigures'

function ProjectList({ orgId }: { orgId: string }) {
  const { data, isPending } = useProjects(orgId)
  if (isPending) return <p>Loading projects…</p>
  return (
    <ul aria-label="Projects">
      {data?.map((project) => (
        <li key={project.id}>{project.name}</li>
      ))}
    </ul>
  )
}

function CacheAside() {
  const [shown, setShown] = useState(false)
  return (
    <div>
      <button type="button" onClick={() => setShown((value) => !value)}>
        {shown ? 'Hide projects' : 'Show projects'}
      </button>
      {shown && <ProjectList orgId="o1" />}
      <StoryFigures match="/projects" />
    </div>
  )
}

const meta = {
  title: 'Patterns/Cache-aside read',
  component: CacheAside,
  parameters: {
    docs: {
      description: {
        component:
          'Read through the cache: a component asks for `projectQueries.list(orgId)`; the first reader misses and ' +
          "fetches, every reader within the tier's staleTime (normal: 5 min) is served from memory without a request. " +
          'Use it for every repository read; the tier decides how long an answer is good for.',
      },
    },
  },
} satisfies Meta<typeof CacheAside>

export default meta
type Story = StoryObj<typeof meta>

export const MissThenHit: Story = {
  parameters: {
    docs: {
      description: {
        story:
          'Show the list (a miss: one request), hide it, show it again: a hit, served from the cache with no second request.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Show projects' }))
    await canvas.findByText('Website relaunch')
    await waitFor(() => expect(canvas.getByLabelText('Misses').textContent).toBe('1'))
    await userEvent.click(canvas.getByRole('button', { name: 'Hide projects' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Show projects' }))
    // Served from memory on the very first render: no loading state.
    await expect(canvas.getByText('Website relaunch')).toBeTruthy()
    await waitFor(() => expect(canvas.getByLabelText('Hits').textContent).toBe('1'))
    await expect(canvas.getByLabelText('Requests').textContent).toBe('1')
  },
}
