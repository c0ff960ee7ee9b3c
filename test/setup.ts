import 'fake-indexeddb/auto'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

afterEach(() => {
  cleanup()
})

// Stream resume points live in localStorage: every test starts without one.
afterEach(() => {
  globalThis.localStorage?.clear()
})
