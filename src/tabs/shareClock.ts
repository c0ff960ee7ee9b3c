// When an invalidation began, as a shared fetch must know it: a pass from another tab began when that
// tab posted it (its own fetch may start before this tab applies the pass), a local one now.

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

/** When the invalidation being applied began. */
export const invalidationTime = (): number => passOrigin ?? Date.now()
