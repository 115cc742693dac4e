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
for (const s of result.series)
  console.log(
    `bench: saves ${s.intervalMs} ms apart${s.hog ? ', one core busy' : ''}: served p50 ${s.served.p50} / p90 ${s.served.p90} ms, reloaded p50 ${s.reloaded.p50} / p90 ${s.reloaded.p90} ms, never seen ${s.missing}`,
  );
