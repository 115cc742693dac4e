/**
 * `pnpm --filter @device-commands/bench dev-loop`: only the live-editing benchmark; rewrites its
 * section of BENCHMARKS.md and results/dev-loop.json. Sizes: BENCH_EDITS (10), BENCH_ROUNDS (3).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDevLoop, devLoopSection } from './dev-loop.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const result = await benchDevLoop(Number(process.env.BENCH_EDITS ?? 10), Number(process.env.BENCH_ROUNDS ?? 3));
const results = fileURLToPath(new URL('../results/', import.meta.url));
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'dev-loop.json'), `${JSON.stringify(result, null, 2)}\n`);
const file = join(root, 'BENCHMARKS.md');
const md = readFileSync(file, 'utf8');
const section = devLoopSection(result);
const marked = /<!-- dev-loop -->[\s\S]*<!-- \/dev-loop -->/;
writeFileSync(file, marked.test(md) ? md.replace(marked, section) : `${md.trimEnd()}\n\n${section}\n`);
console.log(
  `bench: save → served ${result.medianServedMs} ms, save → docs reloaded ${result.medianReloadedMs} ms (medians of ${result.edits}); baseline ${result.baseline.totalMs} ms`,
);
