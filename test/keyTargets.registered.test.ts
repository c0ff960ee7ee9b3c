// Registering keys (`interface Register { keys }`) is a declaration merge, global to a program, so it is
// checked here in a program of its own, compiled with the TypeScript compiler API: an app that registers its
// keys must reject a key no factory builds, and the same app without the registration must accept it.
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const appFile = path.resolve(__dirname, 'registeredKeysApp.ts')

const app = (register: boolean) => `
import type { QueryClient } from '@tanstack/react-query'
import { createMutationKeys, createQueryKeys, defineMutation, defineQueries, invalidateKeys, looseKey, mergeQueryKeys } from '../src/index'

const projectKeys = createQueryKeys('projects', {
  all: null,
  list: (orgId: string) => [orgId],
  detail: { key: (id: string) => [id], children: { members: null } },
})
const userKeys = createQueryKeys('users', { me: null })
export const keys = mergeQueryKeys(projectKeys, userKeys, createMutationKeys('users', { rename: null }))
${register ? "declare module '../src/index' { interface Register { keys: typeof keys } }" : ''}
declare const client: QueryClient
type Project = { id: string; orgId: string }

export const built = invalidateKeys(client, [projectKeys.list('o1'), projectKeys.detail.members('p1'), userKeys.me])
export const scopes = invalidateKeys(client, [projectKeys.scope, projectKeys.detail.scope, userKeys.scope])
export const byHandButBuildable = invalidateKeys(client, [['projects', 'list', 'o2']])
export const opted = invalidateKeys(client, [looseKey(['legacy', 'report'])])
// @ts-expect-error: no factory builds this key
export const typo = invalidateKeys(client, [['projcts', 'list', 'o1']])
// @ts-expect-error: the list key takes a string after its name
export const wrongPart = invalidateKeys(client, [['projects', 'list', 1]])

const projectQueries = defineQueries(projectKeys, {
  detail: { queryFn: async (id: string): Promise<Project> => ({ id, orgId: 'o1' }) },
})
export const tagged = defineMutation({
  mutationFn: async (input: string): Promise<Project> => ({ id: input, orgId: 'o1' }),
  writes: (project) => [[projectQueries.detail(project.id).queryKey, project]],
})

export const mutation = defineMutation({
  mutationFn: async (input: { orgId: string; id: string }): Promise<Project> => ({ ...input }),
  invalidates: (project, input) => [projectKeys.list(input.orgId), { tag: 'project:' + input.id }, { key: userKeys.me, exact: true }],
  writes: (project) => [[projectKeys.detail(project.id), project]],
  optimistic: { key: (input) => projectKeys.list(input.orgId), update: (current: Array<Project> | undefined) => current ?? [] },
})
export const badInvalidates = defineMutation({
  mutationFn: async (input: string) => input,
  // @ts-expect-error: a hand-written key no factory builds
  invalidates: () => [['project', 'list']],
})
export const badExact = defineMutation({
  mutationFn: async (input: string) => input,
  // @ts-expect-error: an exact target is checked too
  invalidates: () => [{ key: ['users', 'you'], exact: true }],
})
export const badWrites = defineMutation({
  mutationFn: async (input: string) => input,
  // @ts-expect-error: a written key is checked too
  writes: (data) => [[['users', 'mee'], data]],
})
export const badOptimistic = defineMutation({
  mutationFn: async (input: string) => input,
  optimistic: {
    // @ts-expect-error: the optimistic key is checked too
    key: () => ['projects', 'lists'],
    update: (current: string | undefined) => current ?? '',
  },
})
`

function diagnose(source: string): Array<string> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
  }
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.fileExists = (
    (exists) => (name: string) =>
      name === appFile || exists(name)
  )(host.fileExists.bind(host))
  host.readFile = (name) => (name === appFile ? source : readFile(name))
  host.getSourceFile = (name, language) =>
    name === appFile ? ts.createSourceFile(name, source, language) : getSourceFile(name, language)
  const program = ts.createProgram([appFile], options, host)
  // The whole program: the library's own sources must still compile once an app registers its keys.
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line ?? -1
    const where =
      diagnostic.file === undefined ? '' : `${path.relative(__dirname, diagnostic.file.fileName)}:${line + 1}`
    return `${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0]} @ ${where}`
  })
}

describe('registered keys', () => {
  it('accept every key and scope a registered factory builds, and reject every other hand-written key', () => {
    expect(diagnose(app(true))).toEqual([])
  }, 60_000)

  it('accept any key when no keys are registered, so each rejection above comes from the registration', () => {
    const unused = diagnose(app(false))
    expect(unused).toHaveLength(6)
    expect(unused.every((message) => message.startsWith("Unused '@ts-expect-error' directive"))).toBe(true)
  }, 60_000)
})
