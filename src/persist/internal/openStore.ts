// The persister's IndexedDB connection, opened on first use. Unlike idb-keyval's `createStore` it
// closes itself when another tab upgrades or deletes the database (`versionchange`), so an idle
// persister never blocks them, and reopens on next use; and it adds its object store to a database
// that lacks it instead of failing.
import { promisifyRequest } from 'idb-keyval'
import type { UseStore } from 'idb-keyval'

export interface QueriesStore {
  /** Runs `callback` on the object store in a new transaction (idb-keyval's `UseStore` contract). */
  use: UseStore
  /** Closes the connection, now and whenever a pending open completes; `use` rejects from then on. */
  close: () => void
}

function request(dbName: string, storeName: string, version?: number): Promise<IDBDatabase> {
  const opening = version === undefined ? indexedDB.open(dbName) : indexedDB.open(dbName, version)
  opening.onupgradeneeded = () => {
    if (!opening.result.objectStoreNames.contains(storeName)) opening.result.createObjectStore(storeName)
  }
  return promisifyRequest(opening)
}

async function connect(dbName: string, storeName: string): Promise<IDBDatabase> {
  const database = await request(dbName, storeName)
  if (database.objectStoreNames.contains(storeName)) return database
  // A database of that name without our store (made by other code): add the store in an upgrade.
  database.close()
  return request(dbName, storeName, database.version + 1)
}

// `use` after `close`: the same error IndexedDB raises for a closed connection.
const closedError = (): DOMException => new DOMException('the persister closed its database', 'InvalidStateError')

export function openStore(dbName: string, storeName: string): QueriesStore {
  let connection: Promise<IDBDatabase> | undefined
  let closed = false

  const open = (): Promise<IDBDatabase> => {
    if (closed) return Promise.reject(closedError())
    const opening = connect(dbName, storeName).then(
      (database) => {
        if (closed) {
          database.close()
          throw closedError()
        }
        // Another tab wants to upgrade or delete the database: let it, and reopen on next use.
        database.onversionchange = database.onclose = () => {
          database.close()
          if (connection === opening) connection = undefined
        }
        return database
      },
      (error: unknown) => {
        if (connection === opening) connection = undefined
        throw error
      },
    )
    return (connection = opening)
  }

  return {
    use: (mode, callback) =>
      (connection ?? open()).then((database) => callback(database.transaction(storeName, mode).objectStore(storeName))),
    close: () => {
      closed = true
      void connection?.then(
        (database) => database.close(),
        () => undefined,
      )
      connection = undefined
    },
  }
}
