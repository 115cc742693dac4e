/**
 * The fault corpus proves that the suite catches bugs: at least 25 named faults of a plausible
 * implementation, spread over the kinds the issue lists. The test command runs a fixed, fast subset
 * (`pnpm contract:faults` runs them all), and one failure's curl line is run as printed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runContract } from '../src/contract.ts';
import { FAULTS, QUICK_FAULTS } from '../src/faults/corpus.ts';
import { startFaultProxy } from '../src/faults/proxy.ts';
import { judgeFault } from '../src/faults/run.ts';
import { referenceConfigPath, startReferenceServer } from '../src/reference.ts';

describe('the fault corpus', () => {
  it('has at least 25 named faults, over every kind of bug the suite must catch', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(FAULTS.map((f) => f.name)).size).toBe(FAULTS.length);
    expect(new Set(FAULTS.map((f) => f.category))).toEqual(
      new Set([
        'wrong error code',
        'wrong status',
        'envelope key missing',
        'envelope key renamed',
        'envelope key type',
        'required field dropped',
        'required field renamed',
        'date format',
        'enum value outside the documented set',
        'state machine',
        'tenancy',
        'isolation inside a tenant',
        'authorization',
        'HTTP semantics',
        'request validation skipped for one family',
        'content type',
        'pagination',
        'pattern loosened',
        'server error',
      ]),
    );
  });

  it.each(QUICK_FAULTS)('kills %s', async (name) => {
    const verdict = await judgeFault(name);
    expect(verdict.killed, `${name} survived`).toBe(true);
    expect(verdict.by).toBeTruthy();
  });
});

describe('a failure report', () => {
  it('gives a curl line that reproduces the failing request exactly, as printed', async () => {
    const server = await startReferenceServer();
    const proxy = await startFaultProxy(
      server.url,
      FAULTS.find((f) => f.name === 'forbidden-as-401'),
    );
    try {
      const run = await runContract({
        target: proxy.url,
        config: referenceConfigPath,
        failFast: true,
        seed: 1,
        print: () => {},
      });
      const failure = run.results.find((r) => r.outcome === 'failed')?.failure;
      expect(failure?.curl).toMatch(/^curl -sS -i /);
      expect(run.text).toContain(`reproduce: ${failure?.curl}`);
      // Asynchronously: the fault proxy answers from this very process.
      const { stdout: output } = await promisify(execFile)('bash', ['-c', failure?.curl ?? 'false'], {
        encoding: 'utf8',
      });
      const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(output)?.[1]);
      expect(status).toBe(failure?.response?.status);
      // The same answer again, but for its per-request ids and time (Graph's innerError).
      const stable = (body: string) => body.replace(/"innerError":\{[^}]*\}/, '"innerError":{…}');
      expect(stable(output.slice(output.indexOf('\r\n\r\n') + 4))).toBe(stable(failure?.response?.body ?? ''));
    } finally {
      await proxy.close();
      await server.stop();
    }
  });
});
