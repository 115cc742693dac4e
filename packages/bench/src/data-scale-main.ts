/**
 * `pnpm --filter @device-commands/bench data-scale`: the data-scale, durability and scale-out
 * benchmarks only; rewrites their sections of BENCHMARKS.md and their results/*.json. Sizes: BENCH_SCALES (1000,100000,1000000),
 * BENCH_ROUNDS (3), BENCH_SECONDS (3), BENCH_CONNECTIONS (10).
 */
import { fileURLToPath } from 'node:url';
import { benchDataScale, benchDurability, dataScaleSection, durabilitySection } from './data-scale.ts';
import { writeSection } from './report.ts';
import { benchScaleOut, scaleOutSection } from './scale-out.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const settings = {
  sizes: (process.env.BENCH_SCALES ?? '1000,100000,1000000').split(',').map(Number),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
};
const rows = process.env.BENCH_SKIP_SCALE ? [] : await benchDataScale(settings);
if (rows.length > 0) writeSection(root, 'data-scale', dataScaleSection(rows, settings), { settings, rows });
const durability = process.env.BENCH_SKIP_DURABILITY ? [] : await benchDurability(settings);
if (durability.length > 0)
  writeSection(root, 'durability', durabilitySection(durability, settings), { settings, rows: durability });
const scaleOut = await benchScaleOut(settings);
writeSection(root, 'scale-out', scaleOutSection(scaleOut, settings), { settings, rows: scaleOut });
for (const r of scaleOut) console.log(`bench: ${r.operation}, ${r.processes} process(es): ${r.rps} req/s`);
for (const r of durability) console.log(`bench: ${r.setting}: ${r.rps} creates/s`);
for (const r of rows)
  console.log(`bench: ${r.store} ${r.operation}: p50 ${r.growth}× the latency from the smallest to the largest store`);
