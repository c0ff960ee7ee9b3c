// `npm run bench` module for the invalidation hub: runs bench/hub/run.ts (a second process holds the connections).
import { runHubBenchmark } from './hub/run'

export default async function run(): Promise<void> {
  await runHubBenchmark()
}
