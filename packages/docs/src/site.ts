/**
 * The docs site, built into a directory: one self-contained HTML page (Redoc inlined, no request
 * leaves the page's origin), the spec downloads beside it, and the code samples as files that the
 * tests type-check and run. `node src/build.ts` and `pnpm dev` call it.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundlePaths,
  familyOfPath,
  loadDereferencedSpec,
  loadSpec,
  type OpenApiDocument,
  operationsOf,
} from '@device-commands/spec';
import { redoclyAsync } from '@device-commands/testkit/redocly';
import { buildConsole } from './console/build.ts';
import { overview } from './overview.ts';
import { referenceOf } from './reference.ts';
import { samplesOf } from './samples.ts';

const page = (file: string) => fileURLToPath(new URL(`./page/${file}`, import.meta.url));

/**
 * Redoc's options (Redoc CE 3). Hash routing (its default for a built page) keeps every link inside
 * the page, so the site works from any base path and as plain static files; downloads are relative.
 */
const REDOC_OPTIONS = {
  hideDownloadButtons: false,
  downloadUrls: [
    { title: 'OpenAPI (YAML)', url: 'openapi.yaml' },
    { title: 'OpenAPI (JSON)', url: 'openapi.json' },
  ],
  jsonSamplesExpandLevel: 3,
  sortTagsAlphabetically: false,
  // Redoc CE shows only the x-codeSamples whose language is listed here, in this order.
  codeSamples: { languages: [{ lang: 'curl' }, { lang: 'TypeScript' }] },
};

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
  /** `changelog`: rewrites the changelog's Markdown before it joins the overview (the versioned site links each version). */
  options: { changelog?: (markdown: string) => string } = {},
): Promise<{ kib: number; samples: number; ms: number }> {
  const started = performance.now();
  const dist = `${out.replace(/\/$/, '')}.next-${process.pid}`;
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, 'samples'), { recursive: true });

  const doc: OpenApiDocument = structuredClone(loadSpec(bundles.json));
  const info = doc.info as { description?: string };
  info.description = overview(info.description ?? '', options.changelog);

  const dereferenced = loadDereferencedSpec(bundles.dereferenced);
  const samples = samplesOf(dereferenced);
  const entries = operationsOf(dereferenced);
  for (const { path, method, operation } of operationsOf(doc)) {
    const sample = samples.find((s) => s.operationId === operation.operationId);
    const entry = entries.find((e) => e.operation.operationId === operation.operationId);
    if (!sample || !entry) continue;
    const item = doc.paths[path] as Record<string, Record<string, unknown>>;
    const target = item[method] as Record<string, unknown>;
    target.description = `${(target.description as string | undefined) ?? ''}\n${referenceOf(entry)}`;
    target['x-codeSamples'] = [
      { lang: 'curl', label: 'curl', source: sample.curl },
      { lang: 'TypeScript', label: 'TypeScript', source: sample.typescript },
    ];
    writeFileSync(join(dist, 'samples', `${sample.operationId}.ts`), sample.typescript);
    writeFileSync(join(dist, 'samples', `${sample.operationId}.sh`), sample.curl);
  }

  // The samples call the local reference server: the server pickers start there too (upstream second).
  for (const [path, item] of Object.entries(doc.paths)) {
    const local = familyOfPath(doc, path).local;
    item.servers?.sort((a, b) => Number(b.url === local) - Number(a.url === local));
  }

  const docsSpec = join(dist, 'openapi.docs.json');
  writeFileSync(docsSpec, JSON.stringify(doc, null, 2));
  const index = join(dist, 'index.html');
  await redocly([
    'build-docs',
    docsSpec,
    '--inlineBundle',
    '-o',
    index,
    '--template',
    page('template.hbs'),
    '--title',
    'Device commands: Android Enterprise and Microsoft Graph',
    `--openapi=${JSON.stringify(REDOC_OPTIONS)}`,
  ]);
  const html = finishPage(readFileSync(index, 'utf8'));
  writeFileSync(index, html);
  const remote = [...html.matchAll(/(?:src|href)\s*=\s*["'](https?:\/\/[^"']+)/g)]
    .map((m) => m[1])
    .filter((u) => !u?.startsWith('https://redocly.com/'));
  if (remote.length > 0) throw new Error(`the docs page still loads remote resources: ${remote.join(', ')}`);

  await buildConsole(dist, dereferenced);
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

/**
 * The built page, finished. Redoc's prerendered markup (it paints the page in ~0.4 s, before the
 * 2.3 MB script has run) is kept, but its links are made fragments: it is rendered for the root
 * path with root-relative links (`/section/error-codes`), which hydration keeps, and which a new tab
 * or a static host answers with 404; in the browser Redoc routes by the fragment
 * (`#/section/error-codes`), so the page works under any base path. The theme and the
 * accessibility fixes are inlined; Redoc's logo, which comes from a CDN, becomes an inline image of
 * the same words, so that the page stays offline.
 */
function finishPage(built: string): string {
  const start = built.indexOf('<div id="redoc">');
  const script = built.indexOf('<script type="module">', start);
  if (start < 0 || script < 0)
    throw new Error('redocly build-docs wrote a page without <div id="redoc"> and its script');
  const LOGO =
    'data:image/svg+xml;base64,' +
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="20" viewBox="0 0 64 20"><text x="0" y="15" font-family="sans-serif" font-size="14" fill="#0044d4">Redocly</text></svg>',
    ).toString('base64');
  const prerendered = built.slice(start, script).replace(/ href="\/(?!\/)/g, ' href="#/');
  return `${built.slice(0, start)}${prerendered}${built.slice(script)}`
    .replace('/* theme.css */', () => readFileSync(page('theme.css'), 'utf8'))
    .replace('/* a11y.js */', () => readFileSync(page('a11y.js'), 'utf8'))
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', LOGO)
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', LOGO);
}
