/**
 * The docs page as a reader receives it: bytes on the wire (raw, gzip, brotli, as the reference
 * server negotiates them) and, in Chromium, the first contentful paint and the moment Redoc's React
 * owns the menu (interactive), over N cold loads. Baselines in the same run, from the same
 * annotated spec: Redocly's stock page (`redocly build-docs --inlineBundle`: prerendered with
 * root-relative links) and the same page without its prerender.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@device-commands/testkit';
import { launchChromium } from '@device-commands/testkit/browser';
import { redoclyAsync } from '@device-commands/testkit/redocly';

const docsDist = fileURLToPath(new URL('../../docs/dist/', import.meta.url));
const serverMain = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));

export interface DocsPageRow {
  page: string;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  firstPaintMs: number | null;
  interactiveMs: number;
}
export interface DocsPageResult {
  loads: number;
  rows: DocsPageRow[];
}

/** The body's bytes as the server sent them for an Accept-Encoding (node:http does not decode). */
function sent(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve(bytes));
    }).on('error', reject);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function benchDocsPage(loads: number): Promise<DocsPageResult> {
  const site = mkdtempSync(join(tmpdir(), 'bench-docs-'));
  try {
    copyFileSync(join(docsDist, 'index.html'), join(site, 'index.html'));
    await redoclyAsync([
      'build-docs',
      join(docsDist, 'openapi.docs.json'),
      '--inlineBundle',
      '-o',
      join(site, 'stock.html'),
    ]);
    const stock = readFileSync(join(site, 'stock.html'), 'utf8');
    const start = stock.indexOf('<div id="redoc">');
    const script = stock.indexOf('<script type="module">', start);
    writeFileSync(
      join(site, 'unrendered.html'),
      `${stock.slice(0, start)}<div id="redoc"></div>${stock.slice(script)}`,
    );

    const pages: [string, string][] = [
      ['the site (prerendered, fragment links)', 'index.html'],
      ['baseline: Redocly stock page', 'stock.html'],
      ['baseline: no prerender', 'unrendered.html'],
    ];
    const server = await startProcess(process.execPath, [serverMain], {
      env: { ...process.env, PORT: '0', SQLITE_FILE: ':memory:', LOG_LEVEL: 'warn', DOCS_DIR: site },
      ready: /reference server: (http:\/\/\S+)/,
    });
    const browser = await launchChromium();
    try {
      const timings = new Map(pages.map(([name]) => [name, { paint: [] as number[], interactive: [] as number[] }]));
      for (let i = 0; i < loads; i++) {
        for (const [name, file] of pages) {
          const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
          const page = await context.newPage();
          await page.goto(`${server.match}/docs/${file}`, { waitUntil: 'commit' });
          await page.waitForFunction(
            () => {
              const item = document.querySelector('#redoc [data-component-name="Menu/MenuItem"]');
              return item !== null && Object.keys(item).some((k) => k.startsWith('__reactFiber'));
            },
            null,
            { timeout: 60_000, polling: 10 },
          );
          const interactive = await page.evaluate(() => performance.now());
          // The paint entry is queued after the frame that drew it.
          await page.waitForTimeout(100);
          const paint = await page.evaluate(
            () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
          );
          const t = timings.get(name);
          t?.interactive.push(interactive);
          t?.paint.push(Math.min(paint, interactive));
          await context.close();
        }
      }
      const rows: DocsPageRow[] = [];
      for (const [name, file] of pages) {
        const url = `${server.match}/docs/${file}`;
        const t = timings.get(name);
        rows.push({
          page: name,
          rawBytes: await sent(url, 'identity'),
          gzipBytes: await sent(url, 'gzip'),
          brotliBytes: await sent(url, 'br'),
          firstPaintMs: t ? Math.round(median(t.paint)) : null,
          interactiveMs: t ? Math.round(median(t.interactive)) : 0,
        });
      }
      return { loads, rows };
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
}

/** The BENCHMARKS.md section, between its markers. */
export function docsPageSection(result: DocsPageResult): string {
  const kb = (n: number) => `${Math.round(n / 1000).toLocaleString('en-US')} kB`;
  const [site] = result.rows;
  const rows = result.rows.map(
    (r) =>
      `| ${r.page} | ${kb(r.rawBytes)} | ${kb(r.gzipBytes)} | ${kb(r.brotliBytes)} | ${r.firstPaintMs ?? '–'} | ${r.interactiveMs} | ${site ? `${(r.interactiveMs / site.interactiveMs).toFixed(2)}×` : ''} |`,
  );
  return `<!-- docs-page -->
## Docs page

The reference page (\`/docs/\`) as the reference server sends it and Chromium renders it: ${result.loads} cold
loads of each page, interleaved, at 1440 px (medians). Baselines built in the same run from the same
annotated spec: Redocly's stock page, and the same without its prerender.

| page | raw | gzip | brotli | first paint ms | interactive ms | interactive vs the site |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
<!-- /docs-page -->`;
}
