/**
 * The fault corpus proves that the suite catches bugs: at least 25 named faults of a plausible
 * implementation, spread over the kinds the issue lists. The test command runs a fixed, fast subset
 * (`pnpm contract:faults` runs them all), and one failure's curl line is run as printed.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../src/contract.ts';
import { FAULTS, QUICK_FAULTS } from '../src/faults/corpus.ts';
import { type Fault, startFaultProxy } from '../src/faults/proxy.ts';
import { type FaultRig, judgeFault, startFaultRig } from '../src/faults/run.ts';
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

  // One fault proxy and one pair of Prism proxies for the file, as `device-commands faults` uses them.
  let rig: FaultRig;
  beforeAll(async () => {
    rig = await startFaultRig();
  });
  afterAll(() => rig?.close());

  it.each(QUICK_FAULTS)('kills %s', async (name) => {
    const verdict = await judgeFault(name, { rig });
    expect(verdict.killed, `${name} survived`).toBe(true);
    expect(verdict.by).toBeTruthy();
  });
});

describe('the fault proxy, kept for a whole corpus run', () => {
  it('plays only the fault it was last set to, in front of the implementation it was last set to', async () => {
    const answer = (name: string) =>
      createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ from: name, path: req.url }));
      });
    const [a, b] = [answer('a'), answer('b')];
    await Promise.all([a, b].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
    const url = (s: typeof a) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const teapot: Fault = {
      name: 'teapot',
      category: 'test',
      description: 'answers 418 to everything',
      request: () => ({ status: 418, headers: {}, body: Buffer.from('') }),
    };
    const proxy = await startFaultProxy(url(a), teapot);
    try {
      const get = async () => {
        const res = await fetch(`${proxy.url}/x?y=1`);
        return { status: res.status, body: res.status === 200 ? await res.json() : undefined };
      };
      expect(await get()).toEqual({ status: 418, body: undefined });
      proxy.set(url(b), undefined);
      expect(await get()).toEqual({ status: 200, body: { from: 'b', path: '/x?y=1' } });
      proxy.set(url(a), undefined);
      expect(await get()).toEqual({ status: 200, body: { from: 'a', path: '/x?y=1' } });
      proxy.set(url(a), teapot);
      expect(await get()).toEqual({ status: 418, body: undefined });
    } finally {
      await proxy.close();
      for (const s of [a, b]) s.close();
    }
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
