import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { createQueryHooks, createQueryKeys, defineQueries, tiers } from 'react-query-toolkit'
import { useCacheMetrics } from 'react-query-toolkit/metrics'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { organizationRepository } from '../examples/domain/repository'
import { StoryFigures } from './support/StoryFigures'

// The same read under each built-in tier, so only the tier differs between the columns.
const tierNames = ['realtime', 'critical', 'normal', 'long', 'static', 'sensitive'] as const
type TierName = (typeof tierNames)[number]

const tierDemoKeys = createQueryKeys('tierDemo', {
  realtime: null,
  critical: null,
  normal: null,
  long: null,
  static: null,
  sensitive: null,
})

const read = (ctx: { signal: AbortSignal }) => organizationRepository.findAll(ctx.signal)
const tierDemoQueries = defineQueries(tierDemoKeys, {
  realtime: { tier: 'realtime', queryFn: read },
  critical: { tier: 'critical', queryFn: read },
  normal: { tier: 'normal', queryFn: read },
  long: { tier: 'long', queryFn: read },
  static: { tier: 'static', queryFn: read },
  sensitive: { tier: 'sensitive', queryFn: read },
})
const hooks = createQueryHooks(tierDemoQueries)
const useTier = {
  realtime: hooks.useRealtime,
  critical: hooks.useCritical,
  normal: hooks.useNormal,
  long: hooks.useLong,
  static: hooks.useStatic,
  sensitive: hooks.useSensitive,
} satisfies Record<TierName, unknown>

const formatStaleTime = (ms: number) => (ms === 0 ? '0' : ms < 3_600_000 ? `${ms / 60_000} min` : `${ms / 3_600_000} h`)

function TierColumn({ name }: { name: TierName }) {
  const { data, isFetching } = useTier[name]()
  const lookups = useCacheMetrics((metrics) => metrics.tiers[name])
  const { staleTime, persist } = tiers[name]
  return (
    <section aria-label={name} style={{ border: '1px solid #d0d7de', borderRadius: 6, padding: 8, minWidth: 130 }}>
      <h3 style={{ margin: 0 }}>{name}</h3>
      <p style={{ margin: '4px 0', color: '#57606a' }}>
        staleTime {formatStaleTime(staleTime as number)}
        <br />
        {persist ? 'persisted' : 'memory only'}
      </p>
      <p>
        {data ? `${data.length} organizations` : 'loading'}
        {isFetching ? ' · fetching' : ''}
      </p>
      <p aria-label={`${name} lookups`}>
        {`hits ${lookups?.hits ?? 0} · stale ${lookups?.staleHits ?? 0} · misses ${lookups?.misses ?? 0}`}
      </p>
    </section>
  )
}

function StalenessTiers() {
  const [mount, setMount] = useState(0)
  return (
    <div>
      <button type="button" onClick={() => setMount((value) => value + 1)}>
        Remount every reader
      </button>
      <div key={mount} style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        {tierNames.map((name) => (
          <TierColumn key={name} name={name} />
        ))}
      </div>
      <StoryFigures />
    </div>
  )
}

const meta = {
  title: 'Patterns/Staleness tiers',
  component: StalenessTiers,
  parameters: {
    docs: {
      description: {
        component:
          'Each read picks a tier instead of a hand-tuned staleTime: `realtime` and `sensitive` refetch on every ' +
          'mount, `critical` (1 min), `normal` (5 min), `long` (1 h) and `static` (24 h) are served from memory while ' +
          'fresh. Pick the tier from how stale the data may be when shown; `sensitive` is also never written to disk.',
      },
    },
  },
} satisfies Meta<typeof StalenessTiers>

export default meta
type Story = StoryObj<typeof meta>

export const SideBySide: Story = {
  parameters: {
    docs: {
      description: {
        story:
          'All six tiers load once (six misses). Remounting every reader right away refetches only the tiers with a ' +
          'staleTime of 0 (stale hits); the others are hits.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByText('2 organizations')).toHaveLength(6))
    await waitFor(() => expect(canvas.getByLabelText('Requests').textContent).toBe('6'))
    await userEvent.click(canvas.getByRole('button', { name: 'Remount every reader' }))
    await waitFor(() =>
      expect(canvas.getByLabelText('realtime lookups').textContent).toBe('hits 0 · stale 1 · misses 1'),
    )
    await expect(canvas.getByLabelText('sensitive lookups').textContent).toBe('hits 0 · stale 1 · misses 1')
    for (const name of ['critical', 'normal', 'long', 'static']) {
      await expect(canvas.getByLabelText(`${name} lookups`).textContent).toBe('hits 1 · stale 0 · misses 1')
    }
    await waitFor(() => expect(canvas.getByLabelText('Requests').textContent).toBe('8'))
  },
}
