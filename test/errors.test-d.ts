import { describe, expectTypeOf, it } from 'vitest'
import { isQueryKeyError, isToolkitError } from '../src/index'
import type { QueryKeyErrorCode, ToolkitError } from '../src/index'
import { isInvalidationStreamError } from '../src/live'
import type { InvalidationStreamErrorCode } from '../src/live'
import { isMetricsError } from '../src/metrics'
import { isPersistError } from '../src/persist'
import type { PersistErrorCode } from '../src/persist'
import { isInvalidationHubError } from '../src/server'
import type { InvalidationHubErrorCode } from '../src/server'

declare const value: unknown

describe('error guards', () => {
  it('narrow code to the union of their class', () => {
    if (isQueryKeyError(value)) expectTypeOf(value.code).toEqualTypeOf<QueryKeyErrorCode>()
    if (isInvalidationStreamError(value)) {
      expectTypeOf(value.code).toEqualTypeOf<InvalidationStreamErrorCode>()
      expectTypeOf(value.status).toEqualTypeOf<number | undefined>()
    }
    if (isInvalidationHubError(value)) expectTypeOf(value.code).toEqualTypeOf<InvalidationHubErrorCode>()
    if (isPersistError(value)) expectTypeOf(value.code).toEqualTypeOf<PersistErrorCode>()
    if (isMetricsError(value)) expectTypeOf(value.code).toEqualTypeOf<'invalid-options'>()
  })

  it('narrow code to the literal given to isToolkitError', () => {
    if (isToolkitError(value, 'quota')) expectTypeOf(value.code).toEqualTypeOf<'quota'>()
    if (isToolkitError(value)) expectTypeOf(value).toEqualTypeOf<ToolkitError>()
  })

  it('list the codes of each class', () => {
    expectTypeOf<QueryKeyErrorCode>().toEqualTypeOf<
      'invalid-key' | 'invalid-schema' | 'unknown-key' | 'invalid-tags' | 'unmatchable-key'
    >()
    expectTypeOf<InvalidationHubErrorCode>().toEqualTypeOf<
      'invalid-event' | 'invalid-options' | 'closed' | 'bus-failed'
    >()
    expectTypeOf<PersistErrorCode>().toEqualTypeOf<'unavailable' | 'quota' | 'storage' | 'serialize' | 'options'>()
  })

  it('reject a code that is not in the union where the class is known', () => {
    if (isQueryKeyError(value)) {
      // @ts-expect-error: not a code of QueryKeyError
      void (value.code === 'quota')
    }
  })
})
