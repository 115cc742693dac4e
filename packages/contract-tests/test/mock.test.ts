/**
 * `--profile mock` against `prism mock` of the spec: a stateless mock passes the schema checks, and
 * every check it cannot judge is reported as skipped with the reason, never as a pass.
 */
import { bundlePaths } from '@device-commands/spec';
import { type Started, startPrism } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../src/contract.ts';
import { referenceConfigPath } from '../src/reference.ts';

let mock: Started & { url: string };
beforeAll(async () => {
  mock = await startPrism(['mock', bundlePaths.yaml]);
});
afterAll(async () => {
  await mock?.stop();
});

describe('the suite with --profile mock against prism mock', () => {
  it('passes every schema check and skips the behaviour and stateful ones, saying why', async () => {
    const run = await runContract({
      target: mock.url,
      config: referenceConfigPath,
      profile: 'mock',
      seed: 1,
      print: () => {},
    });
    expect(run.results.filter((r) => r.outcome === 'failed').map((r) => `${r.name}: ${r.failure?.message}`)).toEqual(
      [],
    );
    const passed = run.results.filter((r) => r.outcome === 'passed');
    expect(passed.length).toBeGreaterThanOrEqual(10);
    expect([...new Set(passed.map((r) => r.group))].sort()).toEqual(['bodies', 'conformance']);
    const skipped = run.results.filter((r) => r.outcome === 'skipped');
    expect(skipped.map((r) => r.group)).toEqual(
      expect.arrayContaining(['flows', 'tenancy', 'lists', 'auth', 'patterns']),
    );
    expect(
      skipped
        .filter((r) => r.group !== 'coverage')
        .every((r) => /--profile mock: a stateless mock/.test(r.reason ?? '')),
    ).toBe(true);
  });
});
