// Untyped or hostile schemas and key functions (plain JavaScript, `as never`, data-driven schemas) must fail with
// a QueryKeyError that has a code, never a TypeError from deep inside a builder.
import { describe, expect, it } from 'vitest'
import { QueryKeyError, createMutationKeys, createQueryKeys } from '../src/index'

const untyped = createQueryKeys as unknown as (name: unknown, schema?: unknown, options?: unknown) => never

function errorOf(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

function expectSchemaError(run: () => unknown, message: RegExp) {
  const error = errorOf(run)
  expect(error).toBeInstanceOf(QueryKeyError)
  expect((error as QueryKeyError).code).toBe('invalid-schema')
  expect((error as Error).message).toMatch(message)
}

describe('createQueryKeys with hostile schemas', () => {
  it.each([
    ['a number', 42],
    ['a string', 'users'],
    ['an array', [['a']]],
  ])('rejects a schema that is %s', (_, schema) => {
    expectSchemaError(() => untyped('users', schema), /a key schema must be an object/)
  })

  it.each([
    ['undefined', undefined],
    ['a number', 1],
    ['a string', 'detail'],
    ['a boolean', true],
    ['an object without a key', { children: {} }],
  ])('rejects an entry that is %s', (_, entry) => {
    expectSchemaError(() => untyped('users', { detail: entry }), /users\.detail: an entry is null, a tuple/)
  })

  it('rejects children that are not an object of entries, naming the parent', () => {
    expectSchemaError(
      () => untyped('users', { detail: { key: (id: string) => [id], children: 'posts' } }),
      /users\.detail: a key schema must be an object/,
    )
  })

  it('rejects a queryFn that is not a function', () => {
    expectSchemaError(
      () => untyped('users', { me: { queryKey: null, queryFn: 'fetch' } }),
      /users\.me: an entry is null, a tuple, a key function, or \{ key \| queryKey, queryFn\?/,
    )
  })

  it.each(['_def', '_ctx', '__proto__x', 'scope', 'queryKey', 'queryFn', 'length'])(
    'reserves the name %s at the top level',
    (name) => {
      expectSchemaError(() => untyped('users', { [name]: null }), /is reserved/)
    },
  )

  it('reserves names starting with _ in children at any depth', () => {
    expectSchemaError(
      () =>
        untyped('users', {
          detail: { key: (id: string) => [id], children: { posts: { key: null, children: { _all: null } } } },
        }),
      /users\.detail\.posts\._all: "_all" is reserved/,
    )
  })

  it('rejects a schema whose entry is built from __proto__ without touching the prototype', () => {
    const schema = JSON.parse('{"__proto__": null, "ok": null}') as object
    expectSchemaError(() => untyped('users', schema), /"__proto__" is reserved/)
    expect(({} as Record<string, unknown>).ok).toBeUndefined()
  })

  it('rejects a non-string or empty scope name in mutation factories too', () => {
    const untypedMutations = createMutationKeys as unknown as (name: unknown) => never
    expectSchemaError(() => untypedMutations(7), /createMutationKeys needs a non-empty scope name/)
    expectSchemaError(() => untyped(''), /createQueryKeys needs a non-empty scope name/)
  })

  it('rejects a function inside a fixed tuple when the factory is created', () => {
    const error = errorOf(() => untyped('users', { me: [() => 1] }))
    expect(error).toBeInstanceOf(QueryKeyError)
    expect((error as QueryKeyError).code).toBe('invalid-key')
  })
})

describe('key functions that return something other than key parts', () => {
  it.each([
    ['undefined', undefined],
    ['a string', 'u1'],
    ['null', null],
    ['an object without queryKey', { id: 'u1' }],
    ['an object whose queryKey is not an array', { queryKey: 'u1' }],
  ])('throw an invalid-key QueryKeyError naming the key when the function returns %s', (_, result) => {
    const keys = untyped('users', { detail: () => result }) as { detail: () => unknown }
    const error = errorOf(() => keys.detail())
    expect(error).toBeInstanceOf(QueryKeyError)
    expect((error as QueryKeyError).code).toBe('invalid-key')
    expect((error as Error).message).toMatch(/users\.detail: the key function must return an array/)
  })

  it('refuses children returned by a key function, pointing to contextQueries', () => {
    const keys = untyped('users', { detail: (id: string) => ({ queryKey: [id], contextQueries: {} }) }) as {
      detail: (id: string) => unknown
    }
    expect(() => keys.detail('u1')).toThrow(
      /users\.detail: a key function cannot return contextQueries; declare them beside queryKey/,
    )
  })

  it('lets a child named like a function property shadow it without breaking the builder', () => {
    const keys = createQueryKeys('users', {
      detail: { key: (id: string) => [id], children: { name: null, call: null } },
    })
    expect(keys.detail.name('u1')).toEqual(['users', 'detail', 'u1', 'name'])
    expect(keys.detail.call('u1')).toEqual(['users', 'detail', 'u1', 'call'])
    expect(keys.detail('u1')).toEqual(['users', 'detail', 'u1'])
  })
})
