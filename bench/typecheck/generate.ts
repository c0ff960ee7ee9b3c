// Generates the two apps the typecheck benchmark compares: the same 60 repositories of 5 reads each (300 query
// definitions, keys nested three levels deep) written with the toolkit, and written with plain TanStack
// `queryOptions` and hand-written keys. A third app only imports the toolkit: the library's own check cost.

export const FACTORIES = 60

type Files = Record<string, string>

const model = `export interface Item { id: string; name: string; updatedAt: number }
export declare const api: { get<T>(path: string, signal: AbortSignal): Promise<T> }
`

/** Which parts of a toolkit repository a variant holds: the split of the check cost (`SPLIT=1`). */
export interface Parts {
  queries: 0 | 1 | 3
  mutation: 'none' | 'mutationFn' | 'invalidates' | 'writes' | 'both'
}

const fullRepository: Parts = { queries: 3, mutation: 'both' }

function oursFactory(index: number, parts: Parts = fullRepository): string {
  const name = `repo${index}`
  const text = `import { createQueryKeys, defineQueries, defineMutation } from 'react-query-toolkit'
import { api, type Item } from './model'

export const ${name}Keys = createQueryKeys('${name}', {
  all: null,
  list: (orgId: string, page: number) => [orgId, { page }],
  detail: {
    key: (id: string) => [id],
    children: {
      history: { key: (since: number) => [since], children: { entry: (entryId: string) => [entryId] } },
    },
  },
})

export const ${name}Queries = defineQueries(${name}Keys, {
  all: { tier: 'static', queryFn: (ctx) => api.get<Array<Item>>('/${name}', ctx.signal) },
  list: { queryFn: (orgId: string, page: number, ctx) => api.get<Array<Item>>('/${name}/' + orgId + '/' + page, ctx.signal) },
  detail: { tier: 'long', queryFn: (id: string, ctx) => api.get<Item>('/${name}/' + id, ctx.signal) },
})

export const ${name}History = defineQueries(${name}Keys.detail, {
  history: { queryFn: (id: string, since: number, ctx) => api.get<Array<Item>>('/${name}/' + id + '/' + since, ctx.signal) },
})

export const ${name}Entries = defineQueries(${name}Keys.detail.history, {
  entry: { queryFn: (id: string, since: number, entryId: string, ctx) => api.get<Item>('/' + id + since + entryId, ctx.signal) },
})

export const use${name}Rename = defineMutation({
  mutationFn: (input: { id: string; orgId: string; name: string }) => api.get<Item>('/${name}/' + input.id, new AbortController().signal),
  invalidates: (item, input) => [${name}Keys.list.scope, ${name}Keys.detail.history(input.id, 0)],
  writes: (item) => [[${name}Queries.detail(item.id).queryKey, item]],
})
`
  return select(text, name, parts)
}

/** Cuts a generated toolkit repository down to `parts` (the sections above are split on `export const`). */
function select(text: string, name: string, parts: Parts): string {
  const [head = '', ...sections] = text.split('\nexport const ')
  const keep = sections.filter((section, position) => {
    if (position === 0) return true // keys
    if (section.startsWith(`use${name}Rename`)) return parts.mutation !== 'none'
    return position <= parts.queries
  })
  const trimmed = keep.map((section) => {
    if (!section.startsWith(`use${name}Rename`)) return section
    const lines = section.split('\n')
    return lines
      .filter((line) => {
        if (line.startsWith('  invalidates')) return parts.mutation === 'invalidates' || parts.mutation === 'both'
        if (line.startsWith('  writes')) return parts.mutation === 'writes' || parts.mutation === 'both'
        return true
      })
      .join('\n')
  })
  return [head, ...trimmed].join('\nexport const ')
}

function plainFactory(index: number): string {
  const name = `repo${index}`
  return `import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Item } from './model'

export const ${name}Queries = {
  all: () => queryOptions({ queryKey: ['${name}', 'all'] as const, staleTime: 86_400_000, queryFn: (ctx) => api.get<Array<Item>>('/${name}', ctx.signal) }),
  list: (orgId: string, page: number) =>
    queryOptions({ queryKey: ['${name}', 'list', orgId, { page }] as const, queryFn: (ctx) => api.get<Array<Item>>('/${name}/' + orgId + '/' + page, ctx.signal) }),
  detail: (id: string) => queryOptions({ queryKey: ['${name}', 'detail', id] as const, staleTime: 3_600_000, queryFn: (ctx) => api.get<Item>('/${name}/' + id, ctx.signal) }),
  history: (id: string, since: number) =>
    queryOptions({ queryKey: ['${name}', 'detail', id, 'history', since] as const, queryFn: (ctx) => api.get<Array<Item>>('/${name}/' + id + '/' + since, ctx.signal) }),
  entry: (id: string, since: number, entryId: string) =>
    queryOptions({ queryKey: ['${name}', 'detail', id, 'history', since, 'entry', entryId] as const, queryFn: (ctx) => api.get<Item>('/' + id + since + entryId, ctx.signal) }),
}

export function use${name}Rename() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; orgId: string; name: string }) => api.get<Item>('/${name}/' + input.id, new AbortController().signal),
    onSuccess: (item) => client.setQueryData(${name}Queries.detail(item.id).queryKey, item),
    onSettled: (_item, _error, input) =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['${name}', 'list'] }),
        client.invalidateQueries({ queryKey: ['${name}', 'detail', input.id, 'history', 0] }),
      ]),
  })
}
`
}

const range = Array.from({ length: FACTORIES }, (_, index) => index + 1)

/** The toolkit app; `register` adds the declaration that makes every invalidation target checked. */
export function oursApp(register: boolean, parts?: Parts): Files {
  const files: Files = { 'model.ts': model }
  for (const index of range) files[`repo${index}.ts`] = oursFactory(index, parts)
  files['keys.ts'] = `${range.map((index) => `import { repo${index}Keys } from './repo${index}'`).join('\n')}
import { mergeQueryKeys } from 'react-query-toolkit'

export const keys = mergeQueryKeys(${range.map((index) => `repo${index}Keys`).join(', ')})
export const deepest = keys.repo${FACTORIES}.detail.history.entry('p1', 1, 'e1')
${register ? "declare module 'react-query-toolkit' { interface Register { keys: typeof keys } }" : ''}
`
  return files
}

/** Only the key factories of the toolkit app, merged: what the key types cost on their own. */
export function keysOnlyApp(): Files {
  const files = oursApp(false)
  for (const index of range) {
    const text = files[`repo${index}.ts`] as string
    files[`repo${index}.ts`] = text.slice(0, text.indexOf(`export const repo${index}Queries`))
  }
  return files
}

export function plainApp(): Files {
  const files: Files = { 'model.ts': model }
  for (const index of range) files[`repo${index}.ts`] = plainFactory(index)
  return files
}

/** The type a repository's `createQueryKeys` call gives its factory, written out by hand. */
function handKeys(name: string): string {
  return `export declare const ${name}Keys: {
  readonly scope: readonly ['${name}']
  readonly all: readonly ['${name}', 'all']
  readonly list: { (orgId: string, page: number): readonly ['${name}', 'list', string, { readonly page: number }]; readonly scope: readonly ['${name}', 'list'] }
  readonly detail: {
    (id: string): readonly ['${name}', 'detail', string]
    readonly scope: readonly ['${name}', 'detail']
    readonly history: {
      (id: string, since: number): readonly ['${name}', 'detail', string, 'history', number]
      readonly scope: (id: string) => readonly ['${name}', 'detail', string, 'history']
      readonly entry: {
        (id: string, since: number, entryId: string): readonly ['${name}', 'detail', string, 'history', number, 'entry', string]
        readonly scope: (id: string, since: number) => readonly ['${name}', 'detail', string, 'history', number, 'entry']
      }
    }
  }
}
`
}

/** The `createQueryKeys` call of a generated toolkit repository: `[start, end)` of its text. */
function factoryCall(text: string, name: string): [number, number] {
  const start = text.indexOf(`export const ${name}Keys = createQueryKeys(`)
  return [start, text.indexOf('\n})\n', start) + 4]
}

/**
 * The toolkit app with each key factory replaced by its type written by hand (no `createQueryKeys`, no key types
 * computed): what the definitions, the mutations and the merge cost on their own. `keepCalls` keeps each
 * `createQueryKeys` call beside it under another name, its result unused: what the calls cost on their own.
 */
export function handKeysApp(keepCalls: boolean): Files {
  const files = oursApp(false)
  for (const index of range) {
    const name = `repo${index}`
    const text = files[`${name}.ts`] as string
    const [start, end] = factoryCall(text, name)
    const call = keepCalls ? '\n' + text.slice(start, end).replace(`${name}Keys =`, `${name}KeysCall =`) : ''
    files[`${name}.ts`] = text.slice(0, start) + handKeys(name) + text.slice(end) + call
  }
  return files
}

/**
 * One repository with its factory type written by hand and its `createQueryKeys` call, each assigned to the
 * other: it compiles only while the hand-written type is the one the call gives (`KEYS=1` checks it first, so its
 * rows measure the same app).
 */
export function handKeysCheckApp(): Files {
  const files = handKeysApp(true)
  return {
    'model.ts': files['model.ts'] as string,
    'repo1.ts': `${files['repo1.ts'] as string}
export const handIsCall: typeof repo1KeysCall = repo1Keys
export const callIsHand: typeof repo1Keys = repo1KeysCall
`,
  }
}

/**
 * Only the 60 schemas of the toolkit app, each passed to `call`: `createQueryKeys` itself, a generic identity
 * function (`<const T>(name: string, schema: T) => T`: what inferring the schema's type costs at the least) or a
 * function that is not generic (the schema checked, no inference).
 */
export function factoryCallsApp(call: 'createQueryKeys' | 'identity' | 'not generic'): Files {
  const files = oursApp(false)
  const declaration =
    call === 'identity'
      ? 'declare function createQueryKeys<const T>(name: string, schema: T): T\n'
      : call === 'not generic'
        ? 'declare function createQueryKeys(name: string, schema: object): unknown\n'
        : "import { createQueryKeys } from 'react-query-toolkit'\n"
  const out: Files = {}
  for (const index of range) {
    const name = `repo${index}`
    const text = files[`${name}.ts`] as string
    const [start, end] = factoryCall(text, name)
    out[`${name}.ts`] = declaration + text.slice(start, end)
  }
  return out
}

export function libraryOnlyApp(): Files {
  return { 'index.ts': "export * from 'react-query-toolkit'\n" }
}
