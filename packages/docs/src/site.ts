/**
 * The docs site, built into a directory: one self-contained HTML page (Redoc inlined, no request
 * leaves the page's origin), the spec downloads beside it, and the code samples as files that the
 * tests type-check and run. `node src/build.ts` and `pnpm dev` call it.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePaths, loadDereferencedSpec, loadSpec, type OpenApiDocument, operationsOf } from '@device-commands/spec';
import { redoclyAsync } from '@device-commands/testkit/redocly';
import { overview } from './overview.ts';
import { samplesOf } from './samples.ts';

export interface SiteBundles {
  json: string;
  yaml: string;
  dereferenced: string;
}

/** Builds the site from the bundles into `out` (replaced whole, at once). */
export async function buildSite(
  out: string,
  bundles: SiteBundles = bundlePaths,
  /** How to run the Redocly CLI (`pnpm dev` passes a WarmRedocly's run). */
  redocly: (args: string[]) => Promise<string> = redoclyAsync,
): Promise<{ kib: number; samples: number; ms: number }> {
  const started = performance.now();
  const dist = `${out.replace(/\/$/, '')}.next-${process.pid}`;
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
  await redocly([
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
  // Swap the new site in at once: a server reading dist/ never sees it half written.
  const old = `${out.replace(/\/$/, '')}.old-${process.pid}`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(out)) renameSync(out, old);
  renameSync(dist, out);
  rmSync(old, { recursive: true, force: true });
  return {
    kib: Math.round(Buffer.byteLength(html) / 1024),
    samples: samples.length * 2,
    ms: Math.round(performance.now() - started),
  };
}
