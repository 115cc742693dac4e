/**
 * `pnpm --filter @device-commands/bench data-scale`: only the data-scale benchmark; rewrites its
 * section of BENCHMARKS.md and results/data-scale.json. Sizes: BENCH_SCALES (1000,100000,1000000),
 * BENCH_ROUNDS (3), BENCH_SECONDS (3), BENCH_CONNECTIONS (10).
 */
import { fileURLToPath } from 'node:url';
import { benchDataScale, dataScaleSection } from './data-scale.ts';
import { writeSection } from './report.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const settings = {
  sizes: (process.env.BENCH_SCALES ?? '1000,100000,1000000').split(',').map(Number),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
};
const rows = await benchDataScale(settings);
writeSection(root, 'data-scale', dataScaleSection(rows, settings), { settings, rows });
for (const r of rows)
  console.log(`bench: ${r.store} ${r.operation}: p50 ${r.growth}× from the smallest to the largest store`);
