/**
 * The golden corpus, table-driven: each before/after pair gets its expected class (the most severe of
 * its changes) and is reported by the expected rule. Also: a real pair of this repository's commits.
 */
import { fileURLToPath } from 'node:url';
import { run } from '@device-commands/testkit';
import { describe, expect, it } from 'vitest';
import { baseDocument, GOLDEN } from '../fixtures/corpus.ts';
import { type ChangeClass, diffSpecs } from '../src/diff.ts';

const SEVERITY: ChangeClass[] = ['docs-only', 'non-breaking', 'deprecation', 'breaking'];
const worst = (classes: ChangeClass[]) =>
  classes.reduce<ChangeClass | 'none'>(
    (w, c) => (w === 'none' || SEVERITY.indexOf(c) > SEVERITY.indexOf(w) ? c : w),
    'none',
  );

describe('the golden corpus', () => {
  it('has at least 50 pairs, in both directions', () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(50);
    expect(GOLDEN.filter((c) => c.rule.startsWith('request.')).length).toBeGreaterThanOrEqual(15);
    expect(GOLDEN.filter((c) => c.rule.startsWith('response.')).length).toBeGreaterThanOrEqual(15);
  });

  it('finds nothing between a document and itself', () => {
    expect(diffSpecs(baseDocument(), baseDocument())).toEqual([]);
  });

  it.each(GOLDEN.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const after = baseDocument();
    c.change(after);
    const changes = diffSpecs(baseDocument(), after);
    expect(changes.map((x) => x.rule)).toContain(c.rule);
    expect(worst(changes.map((x) => x.class)), JSON.stringify(changes, null, 1)).toBe(c.expected);
    for (const x of changes) {
      expect(x.pointer).toMatch(/^\//);
      expect(x.family).toMatch(/^(android|graph|all)$/);
    }
  });
});

describe("this repository's own history", () => {
  it('diffs two real commits of the contract and prints the changes', () => {
    const root = new URL('../../../', import.meta.url);
    // The commit that declared the families (x-families, root servers, typed status fields) and its parent.
    const commit = run('git', ['log', '--format=%H', '-1', '--grep', 'families declared once in x-families'], {
      cwd: fileURLToPath(root),
    }).stdout.trim();
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    const output = run(
      process.execPath,
      ['src/cli.ts', 'diff', '--base', `${commit}~1`, '--head', commit, '--fail-on', 'none'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
    ).stdout;
    process.stdout.write(output);
    expect(output).toContain('| non-breaking | (document) | `/x-families` | family android added | `family.added` |');
    expect(output).toContain('`servers.added`');
  });
});

describe('changes from a base that already has them', () => {
  const withLimits = (limits: Record<string, number>) => {
    const doc = baseDocument() as unknown as Record<string, unknown>;
    doc['x-input-limits'] = limits;
    return doc as unknown as ReturnType<typeof baseDocument>;
  };
  const withHeader = (required: boolean | undefined) => {
    const doc = baseDocument();
    const response = doc.paths['/me/devices/{device-id}/commands/{command-id}']?.get?.responses['404'];
    if (response && required !== undefined) response.headers = { 'Retry-After': { required } };
    return doc;
  };
  it.each([
    [
      'an input limit lowered',
      withLimits({ maxJsonDepth: 64 }),
      withLimits({ maxJsonDepth: 32 }),
      'breaking',
      'input-limit.changed',
    ],
    [
      'an input limit raised',
      withLimits({ maxJsonDepth: 32 }),
      withLimits({ maxJsonDepth: 64 }),
      'non-breaking',
      'input-limit.changed',
    ],
    ['an input limit removed', withLimits({ maxJsonDepth: 32 }), withLimits({}), 'non-breaking', 'input-limit.removed'],
    ['a response header removed', withHeader(false), withHeader(undefined), 'breaking', 'response.header.removed'],
    [
      'a response header made optional',
      withHeader(true),
      withHeader(false),
      'breaking',
      'response.header.made-optional',
    ],
    [
      'a response header made required',
      withHeader(false),
      withHeader(true),
      'non-breaking',
      'response.header.made-required',
    ],
  ] as const)('%s is %s', (_name, before, after, expected, rule) => {
    const changes = diffSpecs(before, after);
    expect(worst(changes.map((c) => c.class))).toBe(expected);
    expect(changes.map((c) => c.rule)).toContain(rule);
  });
});
