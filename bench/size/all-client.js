// Size-limit entry for "all client entries together": what an app importing every client entry pays.
export * as core from '../../dist/index.js'
export * as metrics from '../../dist/metrics.js'
export * as persist from '../../dist/persist.js'
export * as live from '../../dist/live.js'
