/**
 * `pnpm --filter @device-commands/bench docs-page`: only the docs-page benchmark (the site must be
 * built: `pnpm build`); rewrites its section of BENCHMARKS.md and results/docs-page.json.
 * Size: BENCH_LOADS (9).
 */
import { fileURLToPath } from 'node:url';
import { benchDocsPage, docsPageSection } from './docs-page.ts';
import { writeSection } from './report.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const result = await benchDocsPage(Number(process.env.BENCH_LOADS ?? 9));
writeSection(root, 'docs-page', docsPageSection(result), result);
for (const row of result.rows)
  console.log(
    `bench: ${row.page}: ${row.rawBytes} B raw, ${row.brotliBytes} B brotli, first paint ${row.firstPaintMs} ms, interactive ${row.interactiveMs} ms`,
  );
