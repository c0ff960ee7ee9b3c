// When an invalidation began, as a shared fetch must know it: a pass from another tab began when that
// tab posted it (its own fetch may start before this tab applies the pass), a local one when it was
// announced (the other tabs count from then, and may fetch before this tab has invalidated a query).

let passOrigin: number | undefined

/** Runs `apply` (which invalidates synchronously) with invalidations dated `at` instead of now. */
export function atPassOrigin<T>(at: number | undefined, apply: () => T): T {
  const outer = passOrigin
  passOrigin = at
  try {
    return apply()
  } finally {
    passOrigin = outer
  }
}

/**
 * Dates the invalidations of the pass being announced (they follow synchronously) `at`, unless the pass
 * already has a date, until the current task's microtasks run.
 */
export function announcePass(at: number): void {
  if (passOrigin !== undefined) return
  passOrigin = at
  queueMicrotask(() => {
    if (passOrigin === at) passOrigin = undefined
  })
}

/** When the invalidation being applied began. */
export const invalidationTime = (): number => passOrigin ?? Date.now()
