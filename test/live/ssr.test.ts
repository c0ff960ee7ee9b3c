// @vitest-environment node
// Importing the entry on a server must not touch any browser global. Peers (React, TanStack) probe
// `typeof window` themselves; only reads made by this package's own modules count.
import { expect, it, vi } from 'vitest'

it('imports without reading browser globals', async () => {
  const names = [
    'window',
    'document',
    'navigator',
    'BroadcastChannel',
    'requestAnimationFrame',
    'EventSource',
    'localStorage',
  ]
  const touched: Array<string> = []
  const saved = names.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const)
  for (const name of names) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get: () => {
        const caller = new Error().stack?.split('\n')[2] ?? ''
        if (caller.includes('/src/') && !caller.includes('node_modules')) touched.push(`${name} from ${caller.trim()}`)
        return undefined
      },
    })
  }
  try {
    vi.resetModules()
    const live = await import('../../src/live')
    expect(Object.keys(live).sort()).toEqual([
      'InvalidationStreamError',
      'connectInvalidationStream',
      'isInvalidationStreamError',
      'useInvalidationStream',
      'useStreamStatus',
    ])
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor)
      else delete (globalThis as Record<string, unknown>)[name]
    }
  }
  expect(touched).toEqual([])
})
