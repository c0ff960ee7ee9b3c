// Reads every key and value of a key range in one request where the browser can (`getAllRecords`,
// Chromium 141+), else with `getAllKeys` beside `getAll` in the same transaction.
import { promisifyRequest } from 'idb-keyval'

export interface RangeRows {
  keys: Array<IDBValidKey>
  values: Array<unknown>
}

interface StoreWithRecords {
  getAllRecords?: (options: { query: IDBKeyRange }) => IDBRequest<Array<{ key: IDBValidKey; value: unknown }>>
}

export async function readRange(objectStore: IDBObjectStore, range: IDBKeyRange): Promise<RangeRows> {
  const getAllRecords = (objectStore as unknown as StoreWithRecords).getAllRecords
  if (typeof getAllRecords === 'function') {
    const rows = await promisifyRequest(getAllRecords.call(objectStore, { query: range }))
    return { keys: rows.map((row) => row.key), values: rows.map((row) => row.value) }
  }
  const [keys, values] = await Promise.all([
    promisifyRequest(objectStore.getAllKeys(range)),
    promisifyRequest(objectStore.getAll(range)),
  ])
  return { keys, values }
}
