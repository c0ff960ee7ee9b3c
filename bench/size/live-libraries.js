// Size floor: the libraries the live entry is built on (SSE framing, the status store), before any of
// its own code.
export { createParser } from 'eventsource-parser'
export { createStore } from 'zustand/vanilla'
export { useStore } from 'zustand'
