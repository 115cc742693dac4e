/**
 * Builds the try-it console into the site: dist/try.html (the page, with the console's data from
 * the contract embedded as JSON) and dist/try.js (app.ts and the contract's Ajv setup, bundled for
 * the browser by rolldown). Nothing is loaded from another origin.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocument } from '@device-commands/spec';
import { rolldown } from 'rolldown';
import { consoleData } from './data.ts';

const here = (file: string) => fileURLToPath(new URL(`./${file}`, import.meta.url));

/** The script does not depend on the contract (the page carries the data): bundled once per process. */
let script: Promise<string> | undefined;
function bundle(): Promise<string> {
  script ??= rolldown({ input: here('app.ts'), platform: 'browser', logLevel: 'warn' })
    .then((bundler) => bundler.generate({ format: 'iife', minify: true }))
    .then((output) => output.output[0].code);
  return script;
}

export async function buildConsole(dist: string, dereferenced: OpenApiDocument): Promise<void> {
  const data = consoleData(dereferenced);
  writeFileSync(join(dist, 'try.js'), await bundle());
  // `<` is escaped so that no string in the contract can close the script element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const page = readFileSync(here('try.html'), 'utf8')
    .replace('{{title}}', `Try it: ${data.title} ${data.version}`)
    .replace('{{version}}', data.version)
    .replace('{"filled in by":"build.ts"}', () => json)
    .replace('/* style */', () => readFileSync(here('try.css'), 'utf8'));
  writeFileSync(join(dist, 'try.html'), page);
}
