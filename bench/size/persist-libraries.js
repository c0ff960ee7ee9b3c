// Size floor: the library the persist entry is built on (IndexedDB), before any of its own code.
export { createStore, promisifyRequest } from 'idb-keyval'
