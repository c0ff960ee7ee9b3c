// Staleness tiers: one name per freshness policy, carried in a query's `meta` so persistence and
// metrics can read it.
import { ToolkitError } from './errors'
import type { CoreErrorCode } from './errors'
import { hours, minutes, seconds, timerDelay } from './time'

export interface TierOptions {
  /**
   * How long fetched data counts as fresh. Always finite, so stream events still reach the query.
   */
  staleTime: number
  /**
   * How long unused data stays in memory. Beyond a timer's limit (2^31 - 1 ms, ~24.8 days) it is held at
   * that limit: longer timers fire at once.
   * @default 24 hours for persisted tiers (never less than the persister's default `maxAge`), 5 minutes otherwise
   */
  gcTime?: number
  /**
   * Whether the IndexedDB persister may write this tier's queries.
   * @default true
   */
  persist?: boolean
}

export interface Tier<TName extends string = string> {
  readonly name: TName
  readonly staleTime: number
  readonly gcTime: number
  readonly persist: boolean
}

/** What every query built by the toolkit carries in `meta`. */
export type TierMeta = {
  tier: string
  persist: boolean
}

/** The persister's default `maxAge`; persisted tiers keep data in memory at least this long. */
export const DEFAULT_PERSIST_MAX_AGE = /* @__PURE__ */ hours(24)

const DEFAULT_GC_TIME = /* @__PURE__ */ minutes(5)

function tier<TName extends string>(name: TName, options: TierOptions): Tier<TName> {
  const persist = options.persist ?? true
  const gcTime = options.gcTime ?? (persist ? DEFAULT_PERSIST_MAX_AGE : DEFAULT_GC_TIME)
  if (process.env.NODE_ENV !== 'production') validateTier(name, options.staleTime, persist, gcTime)
  return Object.freeze({ name, staleTime: options.staleTime, gcTime: timerDelay(gcTime), persist })
}

function validateTier(name: string, staleTime: number, persist: boolean, gcTime: number): void {
  if (!Number.isFinite(staleTime) || staleTime < 0) {
    throw new ToolkitError<CoreErrorCode>('invalid-options', `tier "${name}": staleTime must be a finite number of ms`)
  }
  if (persist && gcTime < DEFAULT_PERSIST_MAX_AGE) {
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      `tier "${name}" is persisted, so its gcTime must be at least 24 h ` +
        '(data must not leave memory while disk still holds it)',
    )
  }
}

export const tiers = {
  /** Live tracking, chat: always refetched, never persisted. */
  realtime: /* @__PURE__ */ tier('realtime', { staleTime: 0, persist: false }),
  /** Data that must be fresh. */
  critical: /* @__PURE__ */ tier('critical', { staleTime: /* @__PURE__ */ minutes(1) }),
  /** The default tier. */
  normal: /* @__PURE__ */ tier('normal', { staleTime: /* @__PURE__ */ minutes(5) }),
  /** Profiles, settings. */
  long: /* @__PURE__ */ tier('long', { staleTime: /* @__PURE__ */ hours(1) }),
  /** Reference data. Finite on purpose: stream events still reach it. */
  static: /* @__PURE__ */ tier('static', { staleTime: /* @__PURE__ */ hours(24) }),
  /** Personal or financial data: memory only, collected soon after its last use. */
  sensitive: /* @__PURE__ */ tier('sensitive', { staleTime: 0, gcTime: /* @__PURE__ */ seconds(30), persist: false }),
} as const

export type BuiltInTierName = keyof typeof tiers

/**
 * Register app tiers for typed names: `declare module 'react-query-toolkit' { interface Register { tiers: typeof appTiers } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Register {}

type RegisteredTiers = Register extends { tiers: infer TTiers } ? TTiers : typeof tiers

/** Every tier name the app can use: the built-in ones plus those of a registered `defineTiers` result. */
export type TierName = BuiltInTierName | Extract<keyof RegisteredTiers, string>

const registry = new Map<string, Tier>(Object.values(tiers).map((entry) => [entry.name, entry]))

/**
 * Adds app-specific tiers. Returns the built-in tiers plus the new ones, each usable as `tier:` of a
 * query definition, either as the object or, once registered through `Register`, by name.
 * @example
 * export const appTiers = defineTiers({ userProfile: { staleTime: hours(1) }, prices: { staleTime: seconds(10), persist: false } })
 */
export function defineTiers<const TDefinitions extends Record<string, TierOptions>>(
  definitions: TDefinitions,
): typeof tiers & { readonly [TName in Extract<keyof TDefinitions, string>]: Tier<TName> } {
  const added: Record<string, Tier> = {}
  for (const [name, options] of Object.entries(definitions)) {
    if (process.env.NODE_ENV !== 'production' && name in tiers) {
      throw new ToolkitError<CoreErrorCode>('invalid-options', `tier "${name}" is built in and cannot be redefined`)
    }
    const entry = tier(name, options)
    registry.set(name, entry)
    added[name] = entry
  }
  return Object.freeze({ ...tiers, ...added }) as never
}

/** Finds a tier by name or returns the given tier object. Unknown names throw. */
export function resolveTier(value: TierName | Tier | undefined): Tier {
  if (value === undefined) return tiers.normal
  if (typeof value === 'object') return value
  const found = registry.get(value)
  if (!found) {
    throw new ToolkitError<CoreErrorCode>(
      'unknown-tier',
      process.env.NODE_ENV !== 'production'
        ? `unknown tier "${value}": define it with defineTiers`
        : `unknown-tier: ${value}`,
    )
  }
  return found
}

export function tierMeta(value: Tier): TierMeta {
  return { tier: value.name, persist: value.persist }
}
