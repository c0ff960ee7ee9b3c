// A sampled estimate of a value's JSON size, cheap enough to run on every data update: large arrays and
// objects are measured through a few evenly spaced entries and scaled, and a budget bounds the work.

/** Entries measured per array or object level; longer ones are sampled and scaled. */
const SAMPLE = 8
/** Values visited per estimate, so deep or wide data costs the same bounded work. */
const BUDGET = 512
/** What a value the budget no longer reaches is guessed at. */
const UNVISITED = 16

const known = new WeakMap<object, number>()

/**
 * Estimated length of `JSON.stringify(value)`, in characters (one byte each for ASCII text). Objects
 * are cached by identity: TanStack replaces data on change, so a data object's estimate never goes stale.
 * Never throws: a getter or proxy that throws counts as nothing.
 */
export function estimateBytes(value: unknown): number {
  if (typeof value !== 'object' || value === null) return measure(value, { left: 1 })
  let bytes = known.get(value)
  if (bytes === undefined) {
    bytes = measure(value, { left: BUDGET })
    known.set(value, bytes)
  }
  return bytes
}

function measure(value: unknown, budget: { left: number }): number {
  if (budget.left-- <= 0) return UNVISITED
  try {
    switch (typeof value) {
      case 'string':
        return value.length + 2
      case 'number':
      case 'boolean':
        return String(value).length
      case 'object':
        return value === null ? 4 : measureObject(value as object, budget)
      default:
        // undefined, functions and symbols are left out of JSON; a bigint makes it throw.
        return 0
    }
  } catch {
    return 0
  }
}

function measureObject(value: object, budget: { left: number }): number {
  if (Array.isArray(value)) {
    const items = value as Array<unknown>
    return brackets(items.length) + sampled(items.length, (at) => measure(items[at], budget))
  }
  if (value instanceof Date) return 26
  const keys = Object.keys(value)
  const record = value as Record<string, unknown>
  // A getter that throws loses its value, not the rest of the object.
  const field = (key: string) => {
    try {
      return measure(record[key], budget)
    } catch {
      return 0
    }
  }
  // `"key":` around each name.
  return brackets(keys.length) + sampled(keys.length, (at) => keys[at]!.length + 3 + field(keys[at]!))
}

/** The brackets and the commas between `count` entries. */
const brackets = (count: number) => 2 + Math.max(0, count - 1)

/** The sum of `size` over `count` entries: all of them up to SAMPLE, else SAMPLE of them scaled. */
function sampled(count: number, size: (at: number) => number): number {
  if (count <= SAMPLE) {
    let sum = 0
    for (let at = 0; at < count; at++) sum += size(at)
    return sum
  }
  let sum = 0
  const step = count / SAMPLE
  for (let taken = 0; taken < SAMPLE; taken++) sum += size(Math.floor(taken * step))
  return Math.round((sum * count) / SAMPLE)
}
