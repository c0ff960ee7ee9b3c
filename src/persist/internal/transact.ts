// One readwrite transaction as a promise that settles when it commits or aborts, with the first
// failure (a throw in the body or a failed request) as the reason.
import type { UseStore } from 'idb-keyval'

export type Fail = (error: unknown) => void

export function transact(store: UseStore, body: (objectStore: IDBObjectStore, fail: Fail) => void): Promise<void> {
  return store(
    'readwrite',
    (objectStore) =>
      new Promise<void>((resolve, reject) => {
        const tx = objectStore.transaction
        let failure: unknown
        const fail: Fail = (error) => {
          failure ??= error
          tx.abort()
        }
        tx.oncomplete = () => resolve()
        tx.onabort = tx.onerror = () => reject(failure ?? tx.error)
        try {
          body(objectStore, fail)
        } catch (error) {
          fail(error)
        }
      }),
  )
}
