/**
 * `pnpm --filter @device-commands/bench monitor`: only the contract monitor's benchmark; rewrites its
 * section of BENCHMARKS.md and results/monitor.json. Sizes: BENCH_ROUNDS (3), BENCH_SECONDS (5),
 * MONITOR_RATE (1000), MONITOR_SOAK_SECONDS (0; 600 for the ten-minute soak).
 */
import { fileURLToPath } from 'node:url';
import { benchMonitor, monitorSection } from './monitor.ts';
import { writeSection } from './report.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const result = await benchMonitor({
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  rate: Number(process.env.MONITOR_RATE ?? 1000),
  soakSeconds: Number(process.env.MONITOR_SOAK_SECONDS ?? 0),
});
writeSection(root, 'monitor', monitorSection(result), result);
console.log(monitorSection(result));
