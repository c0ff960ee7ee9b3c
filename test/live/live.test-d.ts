import type { QueryClient } from '@tanstack/react-query'
import { expectTypeOf, it } from 'vitest'
import { connectInvalidationStream, useInvalidationStream, useStreamStatus } from '../../src/live'
import type { InvalidationStream, StreamRole, StreamState, StreamStatus } from '../../src/live'

declare const client: QueryClient

it('types the stream handle and its status store', () => {
  const stream = connectInvalidationStream(client, { url: '/s' })
  expectTypeOf(stream).toEqualTypeOf<InvalidationStream>()
  expectTypeOf(stream.status.getState().state).toEqualTypeOf<StreamState>()
  expectTypeOf(stream.status.getState().role).toEqualTypeOf<StreamRole>()
})

it('types useStreamStatus with and without a selector', () => {
  expectTypeOf(useStreamStatus()).toEqualTypeOf<StreamStatus>()
  expectTypeOf(useStreamStatus((status) => status.state === 'open')).toEqualTypeOf<boolean>()
})

it('accepts headers as an object or an async getter, and rejects unknown share modes', () => {
  useInvalidationStream('/s', { headers: { Authorization: 'x' } })
  useInvalidationStream('/s', { headers: async () => ({ Authorization: 'x' }) })
  // @ts-expect-error share is 'tabs' or false
  useInvalidationStream('/s', { share: 'window' })
})
