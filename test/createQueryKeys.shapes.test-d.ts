import { useQuery } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import { createMutationKeys, createQueryKeys, defineQueries, looseKey, mergeQueryKeys } from '../src/index'
import type { KeyTarget, TypedUseQueryOptions, inferKeyUnion, inferQueryKeyStore, inferQueryKeys } from '../src/index'

type User = { id: string; name: string }
declare const fetchUser: (id: string) => Promise<User>

const userKeys = createQueryKeys('users', {
  me: ['current'],
  fixed: { queryKey: null },
  withFn: { queryKey: ['all'], queryFn: () => Promise.resolve([] as Array<User>) },
  detail: (id: string) => ({ queryKey: [id], queryFn: () => fetchUser(id) }),
  org: {
    queryKey: (orgId: string) => [orgId],
    contextQueries: {
      teams: {
        key: (teamId: number) => [teamId],
        children: { members: { key: (page: number) => [{ page }], children: { active: null } } },
      },
    },
  },
  settings: { key: null, children: { theme: null, locale: (lang: 'en' | 'fr') => [lang] } },
})

describe('query-key-factory shapes', () => {
  it('types a tuple entry as a literal fixed key', () => {
    expectTypeOf(userKeys.me).toEqualTypeOf<readonly ['users', 'me', 'current']>()
    expectTypeOf(userKeys.fixed).toEqualTypeOf<readonly ['users', 'fixed']>()
  })

  it('types a fixed entry with a queryFn as its key and the queryFn', () => {
    expectTypeOf(userKeys.withFn.queryKey).toEqualTypeOf<readonly ['users', 'withFn', 'all']>()
    expectTypeOf(userKeys.withFn.queryFn).returns.resolves.toEqualTypeOf<Array<User>>()
  })

  it('types a key function returning a queryFn as query options useQuery reads the data type from', () => {
    expectTypeOf(userKeys.detail('u1').queryKey).toEqualTypeOf<readonly ['users', 'detail', string]>()
    expectTypeOf(useQuery(userKeys.detail('u1')).data).toEqualTypeOf<User | undefined>()
  })

  it('types keys three levels deep with every ancestor part and argument', () => {
    expectTypeOf(userKeys.org.teams.members.active).parameters.toEqualTypeOf<[string, number, number]>()
    expectTypeOf(userKeys.org.teams.members.active('o1', 2, 3)).toEqualTypeOf<
      readonly ['users', 'org', string, 'teams', number, 'members', { page: number }, 'active']
    >()
    expectTypeOf(userKeys.org.teams.scope).toEqualTypeOf<
      (orgId: string) => readonly ['users', 'org', string, 'teams']
    >()
  })

  it('types children of a fixed parent with the parent key and scope beside them', () => {
    expectTypeOf(userKeys.settings.queryKey).toEqualTypeOf<readonly ['users', 'settings']>()
    expectTypeOf(userKeys.settings.theme).toEqualTypeOf<readonly ['users', 'settings', 'theme']>()
    expectTypeOf(userKeys.settings.locale('fr')).toEqualTypeOf<readonly ['users', 'settings', 'locale', 'fr' | 'en']>()
    expectTypeOf(userKeys.settings.locale.scope).toEqualTypeOf<readonly ['users', 'settings', 'locale']>()
  })

  it('refuses a key function returning something other than key parts', () => {
    // @ts-expect-error: a key function returns an array or { queryKey }
    createQueryKeys('users', { detail: (id: string) => id })
  })

  it('refuses a schema-less call with options in place of a schema entry', () => {
    // @ts-expect-error: an entry is null, a tuple, a function or an object with a key
    createQueryKeys('users', { detail: 1 })
  })
})

describe('mutation keys merged with query keys', () => {
  const mutations = createMutationKeys('users', { rename: (id: string) => [id] })
  const keys = mergeQueryKeys(userKeys, mutations, createQueryKeys('orgs', { all: null }))

  it('types both factories of one name under that name', () => {
    expectTypeOf(keys.users.rename('u1')).toEqualTypeOf<readonly ['users', 'rename', string]>()
    expectTypeOf(keys.users.me).toEqualTypeOf<readonly ['users', 'me', 'current']>()
    expectTypeOf(keys.orgs.all).toEqualTypeOf<readonly ['orgs', 'all']>()
  })
})

describe('helper types', () => {
  it('infers the key types of a factory entry by entry', () => {
    type Keys = inferQueryKeys<typeof userKeys>
    expectTypeOf<Keys['me']>().toEqualTypeOf<readonly ['users', 'me', 'current']>()
    expectTypeOf<Keys['detail']['queryKey']>().toEqualTypeOf<readonly ['users', 'detail', string]>()
    expectTypeOf<Keys['org']['teams']['scope']>().toEqualTypeOf<readonly ['users', 'org', string, 'teams']>()
    expectTypeOf<Keys['scope']>().toEqualTypeOf<readonly ['users']>()
  })

  it('infers the key types of every factory of a store', () => {
    const _store = mergeQueryKeys(userKeys, createQueryKeys('orgs', { all: null }))
    expectTypeOf<inferQueryKeyStore<typeof _store>['orgs']['all']>().toEqualTypeOf<readonly ['orgs', 'all']>()
  })

  it('types useQuery options from a definition', () => {
    const _queries = defineQueries(createQueryKeys('users', { detail: (id: string) => [id] }), {
      detail: { queryFn: (id: string) => fetchUser(id) },
    })
    type Options = TypedUseQueryOptions<typeof _queries.detail>
    expectTypeOf<NonNullable<Options['select']>>().parameter(0).toEqualTypeOf<User>()
    type Selected = TypedUseQueryOptions<typeof _queries.detail, string>
    expectTypeOf<NonNullable<Selected['select']>>().returns.toEqualTypeOf<string>()
  })

  it('types useQuery options from a query-key-factory style entry', () => {
    expectTypeOf<NonNullable<TypedUseQueryOptions<typeof userKeys.detail>['select']>>()
      .parameter(0)
      .toEqualTypeOf<User>()
  })

  it('lists every key and scope a factory builds as one union', () => {
    type Union = inferKeyUnion<typeof userKeys>
    expectTypeOf<readonly ['users']>().toExtend<Union>()
    expectTypeOf<readonly ['users', 'detail', string]>().toExtend<Union>()
    expectTypeOf<readonly ['users', 'org', string, 'teams', number]>().toExtend<Union>()
    expectTypeOf<readonly ['users', 'nope']>().not.toExtend<Union>()
  })
})

describe('KeyTarget', () => {
  const _keys = mergeQueryKeys(userKeys)
  type Target = KeyTarget<typeof _keys>

  it('accepts every key and scope of the given factories', () => {
    expectTypeOf(userKeys.me).toExtend<Target>()
    expectTypeOf(userKeys.settings.locale.scope).toExtend<Target>()
    expectTypeOf(userKeys.org.teams.members('o1', 1, 2)).toExtend<Target>()
    expectTypeOf(userKeys.detail('u1').queryKey).toExtend<Target>()
  })

  it('rejects a hand-written key no factory builds, and accepts it through looseKey', () => {
    expectTypeOf<readonly ['users', 'detial', string]>().not.toExtend<Target>()
    expectTypeOf(looseKey(['users', 'detial', 'u1'])).toExtend<Target>()
  })

  it('accepts any key when no factories are given', () => {
    expectTypeOf<readonly ['anything', 1]>().toExtend<KeyTarget<never>>()
  })
})
