/**
 * `pnpm --filter @device-commands/bench dev-loop`: only the live-editing benchmark; rewrites its
 * section of BENCHMARKS.md and results/dev-loop.json. Sizes: BENCH_EDITS (10), BENCH_ROUNDS (3).
 */
import { fileURLToPath } from 'node:url';
import { benchDevLoop, devLoopSection } from './dev-loop.ts';
import { writeSection } from './report.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const result = await benchDevLoop(Number(process.env.BENCH_EDITS ?? 10), Number(process.env.BENCH_ROUNDS ?? 3));
writeSection(root, 'dev-loop', devLoopSection(result), result);
console.log(
  `bench: save → served ${result.medianServedMs} ms, save → docs reloaded ${result.medianReloadedMs} ms (medians of ${result.edits}); baseline ${result.baseline.totalMs} ms`,
);
