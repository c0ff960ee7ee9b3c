// Idempotency keys for the demo API's writes: the first answer to a key is kept and given again to every
// repeat of that key, so a client that resends a write (an outbox replaying after a crash) applies it once.

/** Keys are opaque to the server; these bounds only keep hostile headers out of memory. */
const KEY_PATTERN = /^[A-Za-z0-9_:.-]{8,128}$/

export interface KeptAnswer {
  status: number
  body: unknown
}

export type IdempotencyCheck = { kind: 'none' } | { kind: 'invalid'; reason: string } | { kind: 'key'; key: string }

/** Reads the `Idempotency-Key` header: absent, malformed (the caller answers 400), or a usable key. */
export function readIdempotencyKey(header: string | Array<string> | undefined): IdempotencyCheck {
  if (header === undefined) return { kind: 'none' }
  if (Array.isArray(header)) return { kind: 'invalid', reason: 'Idempotency-Key given more than once' }
  if (!KEY_PATTERN.test(header)) {
    return { kind: 'invalid', reason: 'Idempotency-Key must be 8 to 128 characters of A-Z a-z 0-9 _ : . -' }
  }
  return { kind: 'key', key: header }
}

/**
 * Remembers the answers of the last `capacity` keys (least recently used forgotten first). A repeat that
 * arrives while the first request is still being handled waits for its answer instead of applying again.
 * Only answers that applied something (2xx) are kept: a refused or failed write may be sent again.
 */
export function createIdempotencyStore(capacity = 1000) {
  const answers = new Map<string, { scope: string; answer: Promise<KeptAnswer> }>()

  return {
    /** How many keys are remembered now. */
    size: () => answers.size,

    /**
     * Runs `apply` once per key. `scope` (method and path) must match the first use of the key, else 422:
     * one key cannot stand for two different writes.
     */
    async run(
      key: string,
      scope: string,
      apply: () => Promise<KeptAnswer>,
    ): Promise<KeptAnswer & { replayed: boolean }> {
      const kept = answers.get(key)
      if (kept) {
        if (kept.scope !== scope) {
          return { status: 422, body: { error: 'Idempotency-Key already used for another request' }, replayed: false }
        }
        // Refreshes its place: a key in use is the last one to forget.
        answers.delete(key)
        answers.set(key, kept)
        return { ...(await kept.answer), replayed: true }
      }
      const answer = apply()
      answers.set(key, { scope, answer })
      while (answers.size > capacity) answers.delete(answers.keys().next().value!)
      const settled = await answer.catch((error: unknown) => {
        answers.delete(key)
        throw error
      })
      if (settled.status < 200 || settled.status >= 300) answers.delete(key)
      return { ...settled, replayed: false }
    },
  }
}
