/**
 * Builds the docs site into dist/: one self-contained HTML page (Redoc inlined, no request leaves
 * the page's origin), the spec downloads beside it, and the code samples as files that the tests
 * type-check and run.
 *
 *   node src/build.ts [--bundles <dir with openapi.json, openapi.yaml, openapi.dereferenced.json>] [--out <dir>]
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundlePaths, loadDereferencedSpec, loadSpec, type OpenApiDocument, operationsOf } from '@device-commands/spec';
import { redocly } from '@device-commands/testkit/redocly';
import { overview } from './overview.ts';
import { samplesOf } from './samples.ts';

const started = performance.now();
const { values: args } = parseArgs({ options: { bundles: { type: 'string' }, out: { type: 'string' } } });
const bundles = args.bundles
  ? {
      json: join(resolve(args.bundles), 'openapi.json'),
      yaml: join(resolve(args.bundles), 'openapi.yaml'),
      dereferenced: join(resolve(args.bundles), 'openapi.dereferenced.json'),
    }
  : bundlePaths;
const dist = args.out ? resolve(args.out) : fileURLToPath(new URL('../dist/', import.meta.url));
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'samples'), { recursive: true });

const doc: OpenApiDocument = structuredClone(loadSpec(bundles.json));
const info = doc.info as { description?: string };
info.description = overview(info.description ?? '');

const samples = samplesOf(loadDereferencedSpec(bundles.dereferenced));
for (const { path, method, operation } of operationsOf(doc)) {
  const sample = samples.find((s) => s.operationId === operation.operationId);
  if (!sample) continue;
  const item = doc.paths[path] as Record<string, Record<string, unknown>>;
  (item[method] as Record<string, unknown>)['x-codeSamples'] = [
    { lang: 'TypeScript', label: 'TypeScript (client)', source: sample.typescript },
    { lang: 'Shell', label: 'curl', source: sample.curl },
  ];
  writeFileSync(join(dist, 'samples', `${sample.operationId}.ts`), sample.typescript);
  writeFileSync(join(dist, 'samples', `${sample.operationId}.sh`), sample.curl);
}

const docsSpec = join(dist, 'openapi.docs.json');
writeFileSync(docsSpec, JSON.stringify(doc, null, 2));
const page = join(dist, 'index.html');
redocly([
  'build-docs',
  docsSpec,
  '--inlineBundle',
  '-o',
  page,
  '--title',
  'Device commands: Android Enterprise and Microsoft Graph',
  '--openapi.hideDownloadButtons=false',
  '--openapi.jsonSamplesExpandLevel=3',
  '--openapi.sortTagsAlphabetically=false',
]);

// Redoc's "API docs by Redocly" logo comes from a CDN: replace it with an inline image of the same
// words, so that the page stays offline; and declare an inline favicon, so that the browser asks for
// none.
const LOGO =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="20" viewBox="0 0 64 20"><text x="0" y="15" font-family="sans-serif" font-size="14" fill="#0044d4">Redocly</text></svg>',
  ).toString('base64');
let html = readFileSync(page, 'utf8')
  .replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', LOGO)
  .replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', LOGO);
html = html.replace(
  '<head>',
  '<head>\n  <meta name="description" content="Reference of the device-commands contract.">\n  <link rel="icon" href="data:,">',
);
writeFileSync(page, html);
const remote = [...html.matchAll(/(?:src|href)\s*=\s*["'](https?:\/\/[^"']+)/g)]
  .map((m) => m[1])
  .filter((u) => !u?.startsWith('https://redocly.com/'));
if (remote.length > 0) throw new Error(`the docs page still loads remote resources: ${remote.join(', ')}`);

copyFileSync(bundles.json, join(dist, 'openapi.json'));
copyFileSync(bundles.yaml, join(dist, 'openapi.yaml'));
const kb = Math.round(Buffer.byteLength(html) / 1024);
console.log(
  `docs: dist/index.html (${kb} KiB, ${samples.length * 2} code samples) in ${Math.round(performance.now() - started)} ms`,
);
