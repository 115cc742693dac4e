/**
 * The contract monitor in front of an implementation: traffic forwarded unchanged (streamed), every
 * exchange judged off the request path, violations aggregated by family × operation × rule, scraped
 * as Prometheus text, reported in the suite's report shape; the implementation's failures answered
 * 502/504 in the family's envelope; bodies over the contract's limit forwarded but not judged; a
 * malformed answer never stops it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_TOKENS, SEED } from '@device-commands/server';
import { createSpecAjv, familiesOf, inputLimitsOf, loadDereferencedSpec, type Situations } from '@device-commands/spec';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Monitor, startMonitor } from '../src/monitor/proxy.ts';
import { startReferenceServer } from '../src/reference.ts';

const spec = loadDereferencedSpec();
const families = familiesOf(spec);
const base = (id: string) => new URL(families.find((f) => f.id === id)?.local ?? '').pathname;
const android = base('android');
const graph = base('graph');
const limits = inputLimitsOf(spec);
// The reference server's seed and demo tokens (packages/server: src/store/seed.ts, src/auth/tokens.ts).
const ORG = SEED.organization.slug;
const DEVICE = SEED.device.serialNumber;
const ANDROID_TOKEN = DEMO_TOKENS.find((t) => t.family === 'android')?.token ?? '';
/** The codes the contract fixes by situation for Android (x-families[].situations). */
const S = families.find((f) => f.id === 'android')?.situations as Situations;
const list = `${android}/organizations/${ORG}/mdm/android/enterprise/devices/${DEVICE}/commands`;

let server: Awaited<ReturnType<typeof startReferenceServer>>;
const monitors: Monitor[] = [];
const fakes: Server[] = [];

beforeAll(async () => {
  server = await startReferenceServer();
});
afterAll(async () => {
  await Promise.all(monitors.map((m) => m.close()));
  for (const f of fakes) f.close();
  await server?.stop();
});

async function monitorOf(upstream: string, options: Partial<Parameters<typeof startMonitor>[0]> = {}) {
  const monitor = await startMonitor({ upstream, ...options });
  monitors.push(monitor);
  return monitor;
}

/** A stand-in implementation that answers every request with `answer`. */
async function fake(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  fakes.push(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** Judging runs after the answer is sent: wait until it has caught up with `n` exchanges. */
async function judgedAll(monitor: Monitor, n: number) {
  await expect.poll(() => monitor.record.judgeCount, { timeout: 10_000 }).toBeGreaterThanOrEqual(n);
}

const rulesOf = (monitor: Monitor) => [...monitor.record.violations.values()].map((v) => v.rule).sort();

interface Family {
  name: string;
  metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string }[];
}

describe('the monitor in front of the reference server', () => {
  it('forwards every answer unchanged and counts each exchange and violation it saw, as a Prometheus scrape shows', async () => {
    const monitor = await monitorOf(server.url);
    const auth = { authorization: `Bearer ${ANDROID_TOKEN}` };
    const sent: [string, RequestInit, number][] = [
      ...Array.from({ length: 5 }, () => [list, { headers: auth }, 200] as [string, RequestInit, number]),
      // an emmCommandId that breaks its pattern: the client's mistake, answered 400
      ...Array.from(
        { length: 3 },
        () => [`${list}/not-an-id!`, { headers: auth }, 400] as [string, RequestInit, number],
      ),
      // no credential: answered 401
      [list, {}, 401],
      [list, {}, 401],
      // an operation the contract does not have
      [`${android}/organizations/${ORG}/nothing-here`, { headers: auth }, 404],
    ];
    for (const [path, init, status] of sent) {
      const direct = await fetch(`${server.url}${path}`, init);
      const through = await fetch(`${monitor.url}${path}`, init);
      expect(through.status, path).toBe(status);
      expect(through.status).toBe(direct.status);
      expect(through.headers.get('content-type')).toBe(direct.headers.get('content-type'));
      const [a, b] = [await direct.json(), await through.json()];
      expect(Object.keys(b as object).sort()).toEqual(Object.keys(a as object).sort());
    }
    await judgedAll(monitor, sent.length);
    const scrape = parsePrometheusTextFormat(
      await (await fetch(`${monitor.url}/__monitor/metrics`)).text(),
    ) as Family[];
    const series = (name: string) => scrape.find((f) => f.name === name)?.metrics ?? [];
    const value = (name: string, labels: Record<string, string>) =>
      series(name)
        .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
        .reduce((n, m) => n + Number(m.value), 0);
    const exchanges = 'device_commands_monitor_exchanges_total';
    expect(value(exchanges, { operation: 'listAndroidDeviceCommands', status: '200' })).toBe(5);
    expect(value(exchanges, { operation: 'getAndroidDeviceCommand', status: '400' })).toBe(3);
    expect(value(exchanges, { operation: 'listAndroidDeviceCommands', status: '401' })).toBe(2);
    expect(value(exchanges, { operation: '(undocumented)', status: '404' })).toBe(1);
    expect(value(exchanges, { family: 'android' })).toBe(sent.length);
    const violations = 'device_commands_monitor_violations_total';
    expect(value(violations, { operation: 'getAndroidDeviceCommand', rule: 'request.parameter' })).toBe(3);
    expect(value(violations, { operation: 'listAndroidDeviceCommands', rule: 'request.credential' })).toBe(2);
    expect(value(violations, { rule: 'request.undocumented-operation' })).toBe(1);
    // The reference server answered each as the contract says: no violation of the implementation's.
    expect(rulesOf(monitor).filter((r) => !r.startsWith('request.'))).toEqual([]);
    const histogram = series('device_commands_monitor_judge_seconds')[0];
    expect(Number(histogram?.count)).toBe(sent.length);
    expect(Number(histogram?.buckets?.['0.1'])).toBeLessThanOrEqual(sent.length);
  });

  it("reports in the suite's report shape, tokens and bodies masked unless asked to keep them", async () => {
    for (const keepBodies of [false, true]) {
      const monitor = await monitorOf(server.url, { keepBodies });
      const body = JSON.stringify({ type: 'NOT_A_TYPE' });
      await fetch(`${monitor.url}${list}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ANDROID_TOKEN}`, 'content-type': 'application/json' },
        body,
      });
      await judgedAll(monitor, 1);
      const report = (await (await fetch(`${monitor.url}/__monitor/report`)).json()) as {
        summary: { requests: number; failed: number; violations: number; clientViolations: number };
        coverage: { documented: number; missing: string[] };
        results: {
          outcome: string;
          rule?: string;
          example?: { requestHeaders: Record<string, string>; requestBody?: string };
        }[];
      };
      expect(report.summary.requests).toBe(1);
      expect(report.summary.violations).toBe(0);
      expect(report.summary.clientViolations).toBeGreaterThan(0);
      expect(report.coverage.documented).toBeGreaterThan(0);
      const found = report.results.find((r) => r.rule === 'request.body');
      expect(found?.outcome).toBe('failed');
      expect(found?.example?.requestHeaders.authorization).toBe('Bearer <redacted>');
      if (keepBodies) expect(found?.example?.requestBody).toBe(body);
      else expect(found?.example?.requestBody).not.toContain('NOT_A_TYPE');
    }
  });

  it('forwards a body over the contract limit whole, and counts it as too large to judge', async () => {
    const monitor = await monitorOf(server.url);
    const big = JSON.stringify({ type: 'LOCK', duration: '600s', padding: 'x'.repeat(limits.maxBodyBytes) });
    const direct = await fetch(`${server.url}${list}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ANDROID_TOKEN}`, 'content-type': 'application/json' },
      body: big,
    });
    const through = await fetch(`${monitor.url}${list}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ANDROID_TOKEN}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(through.status).toBe(direct.status);
    await judgedAll(monitor, 1);
    expect([...monitor.record.unjudged.keys()].join()).toMatch(/request body over the contract limit/);
    expect(rulesOf(monitor).filter((r) => r.startsWith('request.body'))).toEqual([]);
  });

  it('judges only the share --sample asks for, and forwards everything', async () => {
    const monitor = await monitorOf(server.url, { sample: 0.000001 });
    for (let i = 0; i < 20; i++)
      expect(
        (await fetch(`${monitor.url}${list}`, { headers: { authorization: `Bearer ${ANDROID_TOKEN}` } })).status,
      ).toBe(200);
    expect(monitor.record.notSampled).toBe(20);
    expect(monitor.record.total()).toBe(0);
  });
});

/** name, the stand-in's answer, path, the rule it breaks, and optionally the request's headers, method and body. */
type Case = [string, (res: ServerResponse) => void, string, string, Record<string, string>?, string?, string?];

describe('an implementation that breaks the contract, seen by the monitor', () => {
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const page = { status: true, data: { items: [], totalItems: 0, totalPages: 0, page: 1, limit: 20 } };
  it.each<Case>([
    [
      'a success body in text/plain',
      (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(JSON.stringify(page));
      },
      list,
      'response.content-type',
    ],
    [
      'a success body that breaks its schema',
      (res: ServerResponse) => json(res, 200, { status: 'true', data: {} }),
      list,
      'response.body',
    ],
    // Every operation documents `default` (any other status: the family's error envelope), so a status
    // the operation names nowhere else is judged by that envelope.
    [
      'a success status the operation documents only as default (an error)',
      (res: ServerResponse) => json(res, 201, page),
      list,
      'response.body',
    ],
    [
      'a 401 without WWW-Authenticate',
      (res: ServerResponse) => json(res, 401, { status: false, error: { code: S.missingToken, message: 'x' } }),
      list,
      'response.header-missing',
    ],
    [
      'a 405 without Allow',
      (res: ServerResponse) => json(res, 405, { status: false, error: { code: S.methodNotAllowed, message: 'x' } }),
      list,
      'response.header-missing',
    ],
    [
      'a body that is not JSON at all',
      (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status": tru');
      },
      list,
      'response.body',
    ],
    [
      'a 200 to an id that breaks its pattern',
      (res: ServerResponse) => json(res, 200, page),
      `${list}/not-an-id!`,
      'response.forbidden-request-succeeded',
    ],
    // The codes x-families[].situations fixes: a missing token, a request that fails validation.
    [
      'a missing token answered with the invalid-token code',
      (res: ServerResponse) =>
        json(
          res,
          401,
          { status: false, error: { code: S.invalidToken, message: 'x' } },
          { 'www-authenticate': 'Bearer' },
        ),
      list,
      'response.situation-code',
      {},
    ],
    [
      'a bad id answered 400 with another code than validation',
      (res: ServerResponse) => json(res, 400, { status: false, error: { code: S.notPending, message: 'x' } }),
      `${list}/not-an-id!`,
      'response.situation-code',
    ],
    // The status the contract gives a request the exchange shows to be wrong.
    [
      'a malformed id answered 404 instead of 400',
      (res: ServerResponse) => json(res, 404, { status: false, error: { code: 3001, message: 'x' } }),
      `${list}/not-an-id!`,
      'response.status-for-request',
    ],
    [
      'a body of a media type the operation does not accept, answered 400 instead of 415',
      (res: ServerResponse) => json(res, 400, { status: false, error: { code: S.validation, message: 'x' } }),
      list,
      'response.status-for-request',
      { authorization: `Bearer ${ANDROID_TOKEN}`, 'content-type': 'text/plain' },
      'POST',
      '{"type":"LOCK","duration":"600s"}',
    ],
    [
      'a body over the limit answered 400 instead of 413',
      (res: ServerResponse) => json(res, 400, { status: false, error: { code: S.validation, message: 'x' } }),
      list,
      'response.status-for-request',
      { authorization: `Bearer ${ANDROID_TOKEN}`, 'content-type': 'application/json' },
      'POST',
      JSON.stringify({ type: 'LOCK', padding: 'x'.repeat(limits.maxBodyBytes) }),
    ],
    [
      'a 405 whose Allow names an undocumented method',
      (res: ServerResponse) =>
        json(
          res,
          405,
          { status: false, error: { code: S.methodNotAllowed, message: 'x' } },
          { allow: 'GET, POST, DELETE' },
        ),
      list,
      'response.allow',
    ],
    [
      'a 405 whose Allow leaves out a documented method',
      (res: ServerResponse) =>
        json(res, 405, { status: false, error: { code: S.methodNotAllowed, message: 'x' } }, { allow: 'GET' }),
      list,
      'response.allow',
    ],
    [
      'a 405 to a HEAD whose Allow lists HEAD',
      (res: ServerResponse) =>
        json(
          res,
          405,
          { status: false, error: { code: S.methodNotAllowed, message: 'x' } },
          { allow: 'GET, HEAD, POST' },
        ),
      list,
      'response.allow',
      { authorization: `Bearer ${ANDROID_TOKEN}` },
      'HEAD',
    ],
    [
      'an internal error (500)',
      (res: ServerResponse) => json(res, 500, { status: false, error: { code: 1000, message: 'Internal error' } }),
      list,
      'response.server-error',
    ],
    [
      'an error in the wrong family envelope',
      (res: ServerResponse) => json(res, 404, { error: { code: 'itemNotFound', message: 'x' } }),
      `${list}/65a1f0c2e4b0a1b2c3d4e000`,
      'response.body',
    ],
  ])(
    '%s is a violation, and the client still gets the answer as sent',
    async (...[, answer, path, rule, headers, method, body]: Case) => {
      const upstream = await fake((_req, res) => answer(res));
      const monitor = await monitorOf(upstream);
      const init: RequestInit = {
        method: method ?? 'GET',
        headers: headers ?? { authorization: `Bearer ${ANDROID_TOKEN}` },
        ...(body === undefined ? {} : { body }),
      };
      const direct = await fetch(`${upstream}${path}`, init);
      const through = await fetch(`${monitor.url}${path}`, init);
      expect(through.status).toBe(direct.status);
      expect(await through.text()).toBe(await direct.text());
      await judgedAll(monitor, 1);
      expect(rulesOf(monitor)).toContain(rule);
    },
  );

  it('keeps answering after answers that end mid-body, and streams an answer before it has ended', async () => {
    let release: () => void = () => {};
    const upstream = await fake((req, res) => {
      if (req.url?.includes('cut')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.end('{"status"');
        res.socket?.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":true,');
      release = () => res.end('"data":{"items":[],"totalItems":0,"totalPages":0,"page":1,"limit":20}}');
    });
    const monitor = await monitorOf(upstream);
    await fetch(`${monitor.url}${list}?cut=1`)
      .then((r) => r.text())
      .catch(() => 'dropped');
    const res = await fetch(`${monitor.url}${list}`);
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toBe('{"status":true,');
    release();
    while (!(await reader?.read())?.done) {}
    expect((await fetch(`${monitor.url}/__monitor/metrics`)).status).toBe(200);
  });
});

describe("the monitor's own answers when the implementation fails it", () => {
  const ajv = createSpecAjv();
  const envelope = (id: string) =>
    ajv.compile(spec.components?.schemas?.[families.find((f) => f.id === id)?.errorEnvelope ?? ''] as object);

  it.each([
    ['android', `${list}`],
    ['graph', `${graph}/me/devices`],
  ])(
    'a %s request to an implementation that is down gets 502 in that family envelope, and is recorded',
    async (family, path) => {
      const down = await fake(() => {});
      const port = new URL(down).port;
      fakes.pop()?.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const monitor = await monitorOf(`http://127.0.0.1:${port}`);
      const res = await fetch(`${monitor.url}${path}`);
      expect(res.status).toBe(502);
      const body = await res.json();
      expect(envelope(family)(body), JSON.stringify(body)).toBe(true);
      expect(rulesOf(monitor)).toEqual(['upstream.unreachable']);
    },
  );

  it('waits for an implementation slower than its idle-connection limit (4 s), within --upstream-timeout-ms', async () => {
    const slow = await fake((_req, res) => {
      setTimeout(() => res.writeHead(204).end(), 4_500);
    });
    const monitor = await monitorOf(slow);
    const res = await fetch(`${monitor.url}${graph}/me/devices`);
    expect(res.status).toBe(204);
  });

  it('a request to an implementation that does not answer in time gets 504 in the family envelope', async () => {
    const slow = await fake(() => {});
    const monitor = await monitorOf(slow, { upstreamTimeoutMs: 200 });
    const res = await fetch(`${monitor.url}${graph}/me/devices`);
    expect(res.status).toBe(504);
    expect(envelope('graph')(await res.json())).toBe(true);
    expect(rulesOf(monitor)).toEqual(['upstream.timeout']);
  });
});

describe('device-commands monitor, the command', () => {
  it('prints where it listens, and on Ctrl-C writes report.json with what it saw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitor-cli-'));
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [cli, 'monitor', '--upstream', server.url, '--listen', '127.0.0.1:0', '--report-dir', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await expect.poll(() => /monitor: (http:\/\/\S+)/.exec(out)?.[1], { timeout: 20_000 }).toBeTruthy();
    const url = /monitor: (http:\/\/\S+)/.exec(out)?.[1] ?? '';
    expect((await fetch(`${url}${list}`, { headers: { authorization: `Bearer ${ANDROID_TOKEN}` } })).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      summary: { requests: number; violations: number };
      results: { outcome: string }[];
    };
    expect(report.summary.requests).toBe(1);
    expect(report.summary.violations).toBe(0);
    expect(report.results.map((r) => r.outcome)).toEqual(['passed']);
    expect(out).toMatch(/1 exchanges, 0 violations by the implementation, 0 by its clients/);
  });

  it.each([
    [['monitor'], /--upstream/],
    [['monitor', '--upstream', 'ftp://x'], /--upstream/],
    [['monitor', '--upstream', 'http://127.0.0.1:9', '--sample', '2'], /--sample/],
    [['monitor', '--upstream', 'http://127.0.0.1:9', '--listen', 'nope'], /--listen/],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });
});
