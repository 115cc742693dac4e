/**
 * Which saved file starts which rebuild. An editor's "safe write" first writes a temporary file beside
 * the real one and then renames it over it: the temporary file must start nothing, or the rebuild
 * reads the old text and the rename's rebuild comes later (a page with the old text in between).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../src/loop.ts';
import { repoPaths } from '../src/paths.ts';

const paths = repoPaths('/repo');

describe('a saved file', () => {
  it.each([
    ['openapi/components/schemas/android/EmmCommandType.yaml', 'a contract rebuild'],
    ['openapi/openapi.yaml', 'a contract rebuild'],
    ['openapi/README.md', 'a docs rebuild'],
    ['openapi/redocly.yaml', 'a config rebuild'],
    ['openapi/plugins/families.js', 'a config rebuild'],
    ['packages/docs/content/overview.md', 'a docs rebuild'],
    ['packages/server/src/handlers/android.ts', 'a server rebuild'],
    ['packages/server/src/generated/routes.gen.ts', 'nothing'],
    ['openapi/components/schemas/android/EmmCommandType.yaml.tmp-save', 'nothing'],
    ['packages/docs/content/overview.md.tmp-save', 'nothing'],
    ['packages/docs/content/.overview.md.swp', 'nothing'],
    ['packages/docs/content/overview.md~', 'nothing'],
    ['packages/server/src/handlers/android.ts___jb_tmp___', 'nothing'],
  ] as const)('%s starts %s', (file, starts) => {
    const kind = classify(join('/repo', file), paths);
    expect(kind ? `a ${kind} rebuild` : 'nothing').toBe(starts);
  });
});
