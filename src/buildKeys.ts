// The runtime of createQueryKeys and createMutationKeys: walks a schema of any depth and builds frozen keys.
// Each level's key is its parent's key, its name, then its own parts, so a parent key (a prefix) reaches every
// child. Structural checks run in production too: untyped misuse must fail as a QueryKeyError, never a TypeError.
import { assertKeyParts } from './assertKeyParts'
import { QueryKeyError } from './errors'

type Parts = ReadonlyArray<unknown>
type AnyFunction = (...args: Array<unknown>) => unknown
type Entry = { [property: string]: unknown }

const fail = (message: string, code: 'invalid-schema' | 'invalid-key' = 'invalid-schema'): never => {
  throw new QueryKeyError(code, process.env.NODE_ENV !== 'production' ? message : `${code}: ${message.split(':')[0]}`)
}

const isObject = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Names a builder or the factory already uses (a function's `length` is its arity) and `_…`, reserved as in query-key-factory. */
const reserved = (name: string) => /^(_|scope$|queryKey$|queryFn$|mutationKey$|mutationFn$|length$)/.test(name)

/** Builds every entry of `schema` onto `target`, under `prefixOf(args)` (a parent's key). */
export function buildSchema(
  target: Entry,
  schema: unknown,
  prefixOf: (args: Array<unknown>) => Parts,
  prefixArity: number,
  dynamic: boolean,
  label: string,
): void {
  if (!isObject(schema)) fail(`${label}: a key schema must be an object of entries`)
  for (const name of Object.keys(schema as Entry)) {
    if (reserved(name)) fail(`${label}.${name}: "${name}" is reserved and cannot name a key`)
    Object.defineProperty(target, name, {
      value: buildEntry((schema as Entry)[name], prefixOf, prefixArity, dynamic, name, `${label}.${name}`),
      enumerable: true,
    })
  }
}

function buildEntry(
  entry: unknown,
  prefixOf: (args: Array<unknown>) => Parts,
  prefixArity: number,
  parentDynamic: boolean,
  name: string,
  label: string,
): unknown {
  let key = entry
  let children: unknown
  let fn: unknown
  let keyName = 'queryKey'
  if (isObject(entry)) {
    keyName = 'mutationKey' in entry ? 'mutationKey' : 'queryKey'
    key = 'key' in entry ? entry.key : entry[keyName]
    children = entry.children ?? entry.contextQueries ?? entry.contextMutations
    fn = entry.queryFn ?? entry.mutationFn
    if (fn !== undefined && typeof fn !== 'function') fail(`${label}: queryFn must be a function`)
  }
  if (key !== null && !Array.isArray(key) && typeof key !== 'function') {
    fail(`${label}: an entry is null, a tuple, a key function, or { key | queryKey, children | contextQueries }`)
  }
  const keyFunction = typeof key === 'function' ? (key as AnyFunction) : undefined
  const arity = prefixArity + (keyFunction?.length ?? 0)
  const dynamic = parentDynamic || keyFunction !== undefined
  const scopeOf = (args: Array<unknown>) => Object.freeze([...prefixOf(args.slice(0, prefixArity)), name])
  const build = (...args: Array<unknown>) => {
    const own = args.slice(prefixArity)
    if (process.env.NODE_ENV !== 'production') assertKeyParts(own, label)
    let parts = keyFunction ? keyFunction(...own) : (key ?? [])
    let entryFn = fn
    let entryKeyName = keyName
    if (isObject(parts)) {
      entryKeyName = 'mutationKey' in parts ? 'mutationKey' : 'queryKey'
      entryFn ??= parts.queryFn ?? parts.mutationFn
      if (process.env.NODE_ENV !== 'production' && ('contextQueries' in parts || 'contextMutations' in parts)) {
        fail(`${label}: a key function cannot return children; declare them as contextQueries beside queryKey`)
      }
      parts = parts[entryKeyName]
    }
    if (!Array.isArray(parts))
      fail(`${label}: the key function must return an array (or { queryKey: array })`, 'invalid-key')
    if (process.env.NODE_ENV !== 'production' && !keyFunction) assertKeyParts(parts as Parts, label)
    const queryKey = Object.freeze([...scopeOf(args), ...(parts as Parts)])
    return entryFn === undefined
      ? queryKey
      : Object.freeze({ [entryKeyName]: queryKey, [entryKeyName.replace('Key', 'Fn')]: entryFn })
  }
  const keyOf = (args: Array<unknown>) => {
    const built = build(...args) as Parts | Entry
    return (Array.isArray(built) ? built : ((built as Entry).queryKey ?? (built as Entry).mutationKey)) as Parts
  }
  let value: Entry
  if (dynamic) {
    // The rest parameter hides the arity; generated hooks read `length` to tell key arguments from overrides.
    value = Object.defineProperty(build, 'length', { value: arity }) as unknown as Entry
    value.scope =
      prefixArity === 0
        ? scopeOf([])
        : Object.defineProperty((...args: Array<unknown>) => scopeOf(args), 'length', { value: prefixArity })
  } else {
    const built = build()
    if (children === undefined) return built
    value = Array.isArray(built) ? { [keyName]: built } : { ...built }
    value.scope = scopeOf([])
  }
  if (children !== undefined) buildSchema(value, children, keyOf, arity, dynamic, label)
  return Object.freeze(value)
}
