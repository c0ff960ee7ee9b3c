// The runtime of createQueryKeys and createMutationKeys: walks a schema of any depth and builds frozen keys.
// Each level's key is its parent's key, its name, then its own parts, so a parent key (a prefix) reaches every
// child. The checks that keep untyped misuse from ending in a TypeError run in production too (with short
// messages); the rest are development-only, like every diagnostic of the core entry.
import { assertKeyParts } from './assertKeyParts'
import { QueryKeyError } from './errors'
import type { QueryKeyErrorCode } from './errors'

type Parts = ReadonlyArray<unknown>
type AnyFunction = (...args: Array<unknown>) => unknown
type Entry = { [property: string]: unknown }

/** Throws unless `ok`; the message is dropped from production builds (`message` is then `false`). */
function check(ok: boolean, message: string | false, code: QueryKeyErrorCode = 'invalid-schema'): void {
  if (!ok) throw new QueryKeyError(code, message || code)
}

const isObject = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `_…` is reserved as in query-key-factory; the others are what a built entry itself holds (`length`: the arity). */
const reserved = /^(_|(scope|queryKey|queryFn|mutationKey|mutationFn|length)$)/

/** Builds every entry of `schema` onto `target`, under `prefixOf(args)` (a parent's key). */
export function buildSchema(
  target: Entry,
  schema: unknown,
  prefixOf: (args: Array<unknown>) => Parts,
  prefixArity: number,
  dynamic: boolean,
  label: string,
): void {
  check(
    isObject(schema),
    process.env.NODE_ENV !== 'production' && `${label}: a key schema must be an object of entries`,
  )
  for (const name of Object.keys(schema as Entry)) {
    if (process.env.NODE_ENV !== 'production')
      check(!reserved.test(name), `${label}.${name}: "${name}" is reserved and cannot name a key`)
    const value = buildEntry((schema as Entry)[name], prefixOf, prefixArity, dynamic, name, `${label}.${name}`)
    Object.defineProperty(target, name, { value, enumerable: true })
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
  const spelled = isObject(entry)
  const keyName = spelled && 'mutationKey' in entry ? 'mutationKey' : 'queryKey'
  const key = spelled ? ('key' in entry ? entry.key : entry[keyName]) : entry
  const children = spelled ? (entry.children ?? entry.contextQueries ?? entry.contextMutations) : undefined
  const fn = spelled ? (entry.queryFn ?? entry.mutationFn) : undefined
  check(
    (key === null || Array.isArray(key) || typeof key === 'function') && (fn === undefined || typeof fn === 'function'),
    process.env.NODE_ENV !== 'production' &&
      `${label}: an entry is null, a tuple, a key function, or { key | queryKey, queryFn?, children | contextQueries }`,
  )
  const keyFunction = typeof key === 'function' ? (key as AnyFunction) : undefined
  const arity = prefixArity + (keyFunction?.length ?? 0)
  const dynamic = parentDynamic || keyFunction !== undefined
  const scopeOf = (args: Array<unknown>) => Object.freeze([...prefixOf(args.slice(0, prefixArity)), name])
  // [key, function beside it, the property name of the key]
  const resolve = (args: Array<unknown>): [Parts, unknown, string] => {
    const own = args.slice(prefixArity)
    if (process.env.NODE_ENV !== 'production') assertKeyParts(own, label)
    let parts = keyFunction ? keyFunction(...own) : (key ?? [])
    let [found, name] = [fn, keyName]
    if (isObject(parts)) {
      name = 'mutationKey' in parts ? 'mutationKey' : 'queryKey'
      found ??= parts.queryFn ?? parts.mutationFn
      if (process.env.NODE_ENV !== 'production')
        check(
          !('contextQueries' in parts),
          `${label}: a key function cannot return contextQueries; declare them beside queryKey`,
        )
      parts = parts[name]
    }
    check(
      Array.isArray(parts),
      process.env.NODE_ENV !== 'production' &&
        `${label}: the key function must return an array (or { queryKey: array })`,
      'invalid-key',
    )
    if (process.env.NODE_ENV !== 'production' && !keyFunction) assertKeyParts(parts as Parts, label)
    return [Object.freeze([...scopeOf(args), ...(parts as Parts)]), found, name]
  }
  const build = (...args: Array<unknown>) => {
    const [built, found, name] = resolve(args)
    return found === undefined ? built : Object.freeze({ [name]: built, [name.replace('Key', 'Fn')]: found })
  }
  let value: Entry
  if (dynamic) {
    // The rest parameter hides the arity; generated hooks read `length` to tell key arguments from overrides.
    value = Object.defineProperty(build, 'length', { value: arity }) as unknown as Entry
    value.scope = prefixArity === 0 ? scopeOf([]) : (...args: Array<unknown>) => scopeOf(args)
  } else {
    if (children === undefined) return build()
    value = { [keyName]: resolve([])[0], scope: scopeOf([]) }
    if (fn) value[keyName.replace('Key', 'Fn')] = fn
  }
  if (children !== undefined) buildSchema(value, children, (args) => resolve(args)[0], arity, dynamic, label)
  return Object.freeze(value)
}
