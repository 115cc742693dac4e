/**
 * The overview that opens the docs site: the spec's own description, then the reader's guide
 * (content/overview.md), then sections taken verbatim from openapi/README.md so that error codes,
 * validation failures and decisions are written once.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { specRoot } from '@device-commands/spec';

const INCLUDED = ['Error codes', 'Validation failures: decided once for both families', 'Decisions'];

export function sectionsOf(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const chunk of markdown.split(/^## /m).slice(1)) {
    const newline = chunk.indexOf('\n');
    sections.set(chunk.slice(0, newline).trim(), chunk.slice(newline + 1).trim());
  }
  return sections;
}

export function overview(specDescription: string, rewriteChangelog: (markdown: string) => string = (m) => m): string {
  const guide = readFileSync(new URL('../content/overview.md', import.meta.url), 'utf8').trim();
  const readme = sectionsOf(readFileSync(join(dirname(specRoot), 'README.md'), 'utf8'));
  const included = INCLUDED.map((title) => {
    const body = readme.get(title);
    if (!body) throw new Error(`openapi/README.md has no section "${title}"`);
    return `## ${title}\n\n${body}`;
  });
  // The spec's short "Errors" section is replaced by the full table below.
  const own = specDescription.replace(/\n## Errors\n[\s\S]*?(?=\n## |$)/, '\n').trim();
  return [own, guide, ...included, rewriteChangelog(changelog())].join('\n\n');
}

/** openapi/CHANGELOG.md (written by `pnpm spec:changelog`), one heading level down. */
function changelog(): string {
  const text = readFileSync(join(dirname(specRoot), 'CHANGELOG.md'), 'utf8');
  const body = text.slice(text.indexOf('\n## ') + 1).replace(/^(#{2,5}) /gm, '#$1 ');
  return `## Changelog\n\n${body.trim()}`;
}
