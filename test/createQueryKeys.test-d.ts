import { describe, expectTypeOf, it } from 'vitest'
import { createQueryKeys, mergeQueryKeys } from '../src/index'

const projectKeys = createQueryKeys('projects', {
  all: null,
  list: (orgId: string) => [orgId],
  page: (orgId: string, page: number) => [orgId, { page }],
  detail: {
    key: (id: string) => [id],
    children: { members: null, tasks: (status: 'open' | 'done') => [status] },
  },
})

describe('createQueryKeys types', () => {
  it('types a fixed key as a readonly literal tuple', () => {
    expectTypeOf(projectKeys.all).toEqualTypeOf<readonly ['projects', 'all']>()
  })

  it('types a built key as a readonly tuple of the scope, the name and the key parts', () => {
    expectTypeOf(projectKeys.list('o1')).toEqualTypeOf<readonly ['projects', 'list', string]>()
  })

  it('keeps object key parts typed', () => {
    expectTypeOf(projectKeys.page('o1', 2)).toEqualTypeOf<readonly ['projects', 'page', string, { page: number }]>()
  })

  it('types the key builder parameters from the key function', () => {
    expectTypeOf(projectKeys.list).parameters.toEqualTypeOf<[orgId: string]>()
    // @ts-expect-error the organization id is a string
    projectKeys.list(1)
  })

  it('types the factory scope', () => {
    expectTypeOf(projectKeys.scope).toEqualTypeOf<readonly ['projects']>()
  })

  it('types an entry scope', () => {
    expectTypeOf(projectKeys.list.scope).toEqualTypeOf<readonly ['projects', 'list']>()
    expectTypeOf(projectKeys.detail.scope).toEqualTypeOf<readonly ['projects', 'detail']>()
  })

  it('types a fixed child key under its parent key', () => {
    expectTypeOf(projectKeys.detail.members).parameters.toEqualTypeOf<[id: string]>()
    expectTypeOf(projectKeys.detail.members('p1')).toEqualTypeOf<readonly ['projects', 'detail', string, 'members']>()
  })

  it('types a child key function after the parent arguments', () => {
    expectTypeOf(projectKeys.detail.tasks('p1', 'open')).toEqualTypeOf<
      readonly ['projects', 'detail', string, 'tasks', 'open' | 'done']
    >()
    // @ts-expect-error the child's own argument is checked
    projectKeys.detail.tasks('p1', 'closed')
  })

  it('types a versioned scope', () => {
    const userKeys = createQueryKeys('users', { detail: (id: string) => [id] }, { version: 2 })
    expectTypeOf(userKeys.scope).toEqualTypeOf<readonly ['users', { readonly v: 2 }]>()
    expectTypeOf(userKeys.detail('u1')).toEqualTypeOf<readonly ['users', { readonly v: 2 }, 'detail', string]>()
  })

  it('rejects a key that is not on the factory', () => {
    // @ts-expect-error there is no "missing" key
    void projectKeys.missing
  })
})

// Sixty factories written out (generated once by a script), the size at which query-key-factory hit
// "type instantiation is excessively deep".
const f1 = createQueryKeys('f1', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f2 = createQueryKeys('f2', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f3 = createQueryKeys('f3', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f4 = createQueryKeys('f4', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f5 = createQueryKeys('f5', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f6 = createQueryKeys('f6', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f7 = createQueryKeys('f7', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f8 = createQueryKeys('f8', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f9 = createQueryKeys('f9', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f10 = createQueryKeys('f10', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f11 = createQueryKeys('f11', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f12 = createQueryKeys('f12', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f13 = createQueryKeys('f13', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f14 = createQueryKeys('f14', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f15 = createQueryKeys('f15', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f16 = createQueryKeys('f16', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f17 = createQueryKeys('f17', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f18 = createQueryKeys('f18', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f19 = createQueryKeys('f19', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f20 = createQueryKeys('f20', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f21 = createQueryKeys('f21', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f22 = createQueryKeys('f22', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f23 = createQueryKeys('f23', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f24 = createQueryKeys('f24', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f25 = createQueryKeys('f25', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f26 = createQueryKeys('f26', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f27 = createQueryKeys('f27', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f28 = createQueryKeys('f28', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f29 = createQueryKeys('f29', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f30 = createQueryKeys('f30', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f31 = createQueryKeys('f31', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f32 = createQueryKeys('f32', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f33 = createQueryKeys('f33', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f34 = createQueryKeys('f34', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f35 = createQueryKeys('f35', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f36 = createQueryKeys('f36', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f37 = createQueryKeys('f37', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f38 = createQueryKeys('f38', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f39 = createQueryKeys('f39', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f40 = createQueryKeys('f40', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f41 = createQueryKeys('f41', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f42 = createQueryKeys('f42', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f43 = createQueryKeys('f43', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f44 = createQueryKeys('f44', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f45 = createQueryKeys('f45', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f46 = createQueryKeys('f46', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f47 = createQueryKeys('f47', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f48 = createQueryKeys('f48', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f49 = createQueryKeys('f49', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f50 = createQueryKeys('f50', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f51 = createQueryKeys('f51', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f52 = createQueryKeys('f52', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f53 = createQueryKeys('f53', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f54 = createQueryKeys('f54', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f55 = createQueryKeys('f55', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f56 = createQueryKeys('f56', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f57 = createQueryKeys('f57', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f58 = createQueryKeys('f58', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f59 = createQueryKeys('f59', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})
const f60 = createQueryKeys('f60', {
  all: null,
  list: (filter: string) => [filter],
  detail: { key: (id: number) => [id], children: { items: null } },
})

const merged = mergeQueryKeys(
  f1,
  f2,
  f3,
  f4,
  f5,
  f6,
  f7,
  f8,
  f9,
  f10,
  f11,
  f12,
  f13,
  f14,
  f15,
  f16,
  f17,
  f18,
  f19,
  f20,
  f21,
  f22,
  f23,
  f24,
  f25,
  f26,
  f27,
  f28,
  f29,
  f30,
  f31,
  f32,
  f33,
  f34,
  f35,
  f36,
  f37,
  f38,
  f39,
  f40,
  f41,
  f42,
  f43,
  f44,
  f45,
  f46,
  f47,
  f48,
  f49,
  f50,
  f51,
  f52,
  f53,
  f54,
  f55,
  f56,
  f57,
  f58,
  f59,
  f60,
)

describe('mergeQueryKeys types', () => {
  it('gives typed access to each of sixty merged factories', () => {
    expectTypeOf(merged.f37.list('x')).toEqualTypeOf<readonly ['f37', 'list', string]>()
    expectTypeOf(merged.f1.all).toEqualTypeOf<readonly ['f1', 'all']>()
    expectTypeOf(merged.f60.detail.items(3)).toEqualTypeOf<readonly ['f60', 'detail', number, 'items']>()
  })

  it('rejects a scope that was not merged', () => {
    // @ts-expect-error f61 was not merged
    void merged.f61
  })
})
