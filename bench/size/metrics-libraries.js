// Size floor: the library the metrics entry is built on (the metrics store), before any of its own code.
export { createStore } from 'zustand/vanilla'
export { useStore } from 'zustand'
