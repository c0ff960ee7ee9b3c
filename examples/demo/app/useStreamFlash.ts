// True for a moment after data lands that a stream event made stale: the page shows which refetches the
// live stream caused. A landing counts when the stream delivered an event since the previous landing.
import { useEffect, useRef, useState } from 'react'
import { useStreamStatus } from 'react-query-toolkit/live'

const FLASH_MS = 900

export function useStreamFlash(dataUpdatedAt: number): boolean {
  const received = useStreamStatus((status) => status.received)
  const landing = useRef({ received, dataUpdatedAt })
  const [flashing, setFlashing] = useState(false)

  useEffect(() => {
    const before = landing.current
    if (dataUpdatedAt === before.dataUpdatedAt) return
    landing.current = { received, dataUpdatedAt }
    // Flashing follows a landing the render just committed; it cannot be derived during render.
    if (before.dataUpdatedAt !== 0 && received !== before.received) setFlashing(true)
  }, [dataUpdatedAt, received])

  useEffect(() => {
    if (!flashing) return
    const timer = setTimeout(() => setFlashing(false), FLASH_MS)
    return () => clearTimeout(timer)
  }, [flashing])

  return flashing
}
