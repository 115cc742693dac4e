/**
 * The CLI as a team would use it against their own service: addressed only by URL, with a
 * configuration, safety limits, read-only runs, skips with reasons, and reports a CI can read.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Started, startPostgres } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { ProxyPool, runContract } from '../src/contract.ts';
import { type ProxyRequest, startFaultProxy } from '../src/faults/proxy.ts';
import { startMonitor } from '../src/monitor/proxy.ts';
import { referenceConfigPath, startReferenceServer } from '../src/reference.ts';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'contract-cli-'));
// Prism proxies by target, kept for the file: several runs judge the same reference server.
const proxyPool = new ProxyPool();
const quiet = { print: () => {}, seed: 3, fuzzRuns: 40, samplesPerPattern: 2, proxyPool } as const;
/** For runs whose assertions are about which checks run or skip, not about depth: every check, least fuzzing. */
const shallow = { ...quiet, fuzzRuns: 5, samplesPerPattern: 1 } as const;
let server: Started & { url: string };

beforeAll(async () => {
  server = await startReferenceServer();
});
afterAll(async () => {
  await proxyPool.close();
  await server?.stop();
});

/** The CLI against a port where nothing listens, with `file` as its configuration. */
const contractWithConfig = (file: string) =>
  spawnSync(process.execPath, [cli, 'contract', '--target', 'http://127.0.0.1:9', '--config', file], {
    encoding: 'utf8',
  });

/** A proxy that forwards to the reference server and records every request that reaches it. */
async function recorder() {
  const seen: ProxyRequest[] = [];
  const proxy = await startFaultProxy(server.url, {
    name: 'recorder',
    category: 'none',
    description: 'records',
    request: (r) => {
      seen.push(r);
      return r;
    },
  });
  return { ...proxy, seen };
}

describe('device-commands contract against a server addressed only by URL', () => {
  it('passes against the reference server on PostgreSQL, by URL, with a device that applies commands within 5 ms, and the contract monitor in between sees no violation by the server', async () => {
    const pg = await startPostgres();
    // The contract sets no minimum time a command stays PENDING (or in flight, for Graph): the flows
    // follow whichever branch the device's speed leads to, and none of them may fail.
    const onPostgres = await startReferenceServer({
      DATABASE_URL: await pg.createDatabase('contract'),
      AGENT_DELAY_MS: '5',
    });
    // The suite's traffic passes through the monitor (src/monitor): the same run judges the server
    // twice, by the suite's checks and by the monitor's rules on every exchange.
    const monitor = await startMonitor({ upstream: onPostgres.url });
    try {
      const reads = new Set<string>();
      const run = await runContract({
        ...quiet,
        target: monitor.url,
        config: referenceConfigPath,
        configReads: reads,
      });
      expect(run.results.filter((r) => r.outcome === 'failed').map((r) => `${r.name}: ${r.failure?.message}`)).toEqual(
        [],
      );
      expect(run.summary.passed).toBeGreaterThan(1000);
      // Every exchange judged; none of the server's answers broke a rule. (The suite's deliberately
      // wrong requests are the clients' violations, request.*, and are expected.)
      await expect.poll(() => monitor.record.judgeCount, { timeout: 30_000 }).toBe(monitor.record.total());
      expect(monitor.record.total()).toBeGreaterThan(1000);
      const byServer = [...monitor.record.violations.values()].filter((v) => !v.rule.startsWith('request.'));
      expect(
        byServer.map(
          (v) => `${v.operation} ${v.rule}: ${v.detail} (${v.example.method} ${v.example.url} → ${v.example.status})`,
        ),
      ).toEqual([]);
      expect([...monitor.record.violations.values()].some((v) => v.rule === 'request.parameter')).toBe(true);
      // The reference configuration is the complete example: every key in it is read by some check.
      const leaves = (value: unknown, prefix: string): string[] =>
        value !== null && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
          : [prefix];
      const documented = leaves(parseConfig(readFileSync(referenceConfigPath, 'utf8'), referenceConfigPath), '');
      expect(documented.filter((key) => !reads.has(key))).toEqual([]);
      // Each flow either passed or says why its branch could not be observed at this speed.
      for (const id of ['flows.android.create-cancel', 'flows.graph.send-poll-payload', 'flows.android.agent-done']) {
        const result = run.results.find((r) => r.id === id);
        expect(
          result?.outcome === 'passed' || /^not observable/.test(result?.reason ?? ''),
          `${id}: ${result?.reason}`,
        ).toBe(true);
      }
    } finally {
      await monitor.close();
      await onPostgres.stop();
      pg.stop();
    }
  });
});

describe('a read-only run', () => {
  it('sends no request that can change state (a recording proxy sees only GET), and says which checks that skips', async () => {
    const rec = await recorder();
    try {
      const run = await runContract({ ...shallow, target: rec.url, config: referenceConfigPath, readOnly: true });
      expect(run.summary.failed).toBe(0);
      expect(rec.seen.length).toBeGreaterThan(100);
      expect([...new Set(rec.seen.map((r) => r.method))]).toEqual(['GET']);
      const skipped = run.results.filter((r) => r.outcome === 'skipped');
      const forReadOnly = skipped.filter((r) =>
        /^--read-only: it (sends (POST|PUT|PATCH|DELETE) requests|creates or cancels)/.test(r.reason ?? ''),
      );
      expect(forReadOnly.length).toBeGreaterThan(100);
      // The other skips have reasons of their own (a role or id the configuration lacks, partial coverage).
      expect(
        skipped
          .filter((r) => !forReadOnly.includes(r))
          .every((r) => /^needs |coverage is partial/.test(r.reason ?? '')),
      ).toBe(true);
      expect(skipped.map((r) => r.id)).toEqual(
        expect.arrayContaining(['flows.android.create-cancel', 'flows.graph.send-poll-payload']),
      );
    } finally {
      await rec.close();
    }
  });
});

describe('a configuration without some roles', () => {
  it('skips every check that needs a missing token, with the reason, and counts none of them as passed', async () => {
    const config = join(work, 'partial.yaml');
    const reference = readFileSync(referenceConfigPath, 'utf8');
    writeFileSync(config, reference.replace(/^ {6}readOnly: .*\n/gm, '').replace(/^ {6}noGrants: .*\n/gm, ''));
    const run = await runContract({ ...shallow, target: server.url, config, families: ['android'] });
    expect(run.summary.failed).toBe(0);
    const reasons = run.results.filter((r) => r.outcome === 'skipped').map((r) => r.reason);
    expect(reasons).toContain('needs the readOnly token of android (families.android.tokens.readOnly)');
    expect(reasons).toContain('needs the noGrants token of android (families.android.tokens.noGrants)');
    const readOnlyChecks = run.results.filter((r) => /read-only token/.test(r.name));
    expect(readOnlyChecks.length).toBe(4);
    expect(readOnlyChecks.every((r) => r.outcome === 'skipped')).toBe(true);
  });
});

describe("the README's configuration example", () => {
  it('is a configuration the suite accepts, as written', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /## The configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toContain('families:');
    expect(parseConfig(block ?? '', 'README.md').families?.android?.baseUrl).toBe('https://staging.example.com/v1');
  });
});

describe('a configuration that breaks its schema', () => {
  it.each([
    [
      'an unknown key',
      'families:\n  android:\n    tokenz:\n      full: x\n',
      /bad\.yaml:3: \/families\/android\/tokenz: no property "tokenz" here \(expected one of: baseUrl, tokens, ids, create, agent\)/,
    ],
    [
      'a token that is not a string',
      'families:\n  graph:\n    tokens:\n      full: 42\n',
      /bad\.yaml:4: \/families\/graph\/tokens\/full: must be string/,
    ],
    [
      'a base URL that is not a URI',
      'families:\n  graph:\n    baseUrl: not a url\n',
      /bad\.yaml:3: \/families\/graph\/baseUrl: must match format "uri"/,
    ],
    ['broken YAML', 'families:\n  graph: [\n', /bad\.yaml:\d+: not valid YAML/],
  ])('stops with the file, the line and what is expected: %s', (_name, text, message) => {
    expect(() => parseConfig(text, 'bad.yaml')).toThrow(message);
  });

  it('exits 2 from the command line, before sending anything', () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(file, 'families:\n  android:\n    create: maybe\n');
    const result = contractWithConfig(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}:3: /families/android/create: must be boolean`);
  });
});

describe('safety for real services', () => {
  it('honours the request budget exactly, and the rate limit', async () => {
    const rec = await recorder();
    try {
      const started = performance.now();
      const run = await runContract({
        ...quiet,
        target: rec.url,
        config: referenceConfigPath,
        maxRequests: 12,
        rps: 10,
        families: ['graph'],
      });
      const elapsed = performance.now() - started;
      expect(run.transport.sent).toBe(12);
      // Through Prism, each request the suite sends reaches the target once.
      expect(rec.seen.length).toBe(12);
      expect(run.summary.aborted).toMatch(/request budget/);
      const times = run.transport.log.length;
      expect(times).toBe(12);
      expect(elapsed).toBeGreaterThanOrEqual(1100); // 12 requests at 10 per second: at least 1.1 s apart end to end
    } finally {
      await rec.close();
    }
  });

  it('waits as long as Retry-After says on 429, then retries', async () => {
    let calls = 0;
    const stamps: number[] = [];
    const flaky = createServer((req, res) => {
      calls++;
      stamps.push(performance.now());
      if (calls === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        return res.end('{"error":{"code":"tooManyRequests","message":"slow down"}}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: [] }));
      void req;
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const { Transport } = await import('../src/http.ts');
    const transport = new Transport({ timeoutMs: 5000, readOnly: false, signal: new AbortController().signal });
    const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/me/devices`;
    const res = await transport.fetch({ method: 'GET', url, headers: {} });
    flaky.close();
    expect([res.status, calls, transport.sent]).toEqual([200, 2, 2]);
    expect((stamps[1] ?? 0) - (stamps[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('stops on Ctrl-C with a partial report and a non-zero exit', async () => {
    const dir = join(work, 'interrupted');
    const child = spawn(
      process.execPath,
      [cli, 'contract', '--target', server.url, '--config', referenceConfigPath, '--report-dir', dir, '--seed', '5'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (output.includes('auth…')) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      summary: { aborted: string; passed: number };
    };
    expect(report.summary.aborted).toMatch(/interrupted/);
    expect(report.summary.passed).toBeGreaterThan(0);
    expect(output).toMatch(/ABORTED: interrupted/);
  });
});

describe('a configuration that names where each family is', () => {
  /** The reference configuration with a baseUrl for each family, written to `name`. */
  const withBaseUrls = (name: string, baseUrls: Record<'android' | 'graph', string>) => {
    const file = join(work, name);
    let text = readFileSync(referenceConfigPath, 'utf8');
    for (const [family, url] of Object.entries(baseUrls))
      text = text.replace(new RegExp(`^( {2}${family}:\n)`, 'm'), (head) => `${head}    baseUrl: ${url}\n`);
    writeFileSync(file, text);
    return file;
  };

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's own ${NAME} syntax
  it('takes ${TARGET} and environment variables, and a base URL that is a path on --target', async () => {
    // Android by a path on the target, Graph by an absolute URL built from ${TARGET} and a variable.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's own ${NAME} syntax
    const file = withBaseUrls('vars.yaml', { android: '/applivery/v1', graph: '${TARGET}${GRAPH_BASE_PATH}' });
    process.env.GRAPH_BASE_PATH = '/graph/beta';
    try {
      const lines: string[] = [];
      // The first 60 requests are enough to see where each family's requests go.
      const run = await runContract({
        ...quiet,
        target: server.url,
        config: file,
        print: (l) => lines.push(l),
        maxRequests: 60,
      });
      expect(run.summary.failed).toBe(0);
      expect(run.summary.passed).toBeGreaterThan(10);
      expect(lines.join('\n')).toContain(`checks against ${server.url}/applivery/v1, ${server.url}/graph/beta`);
    } finally {
      delete process.env.GRAPH_BASE_PATH;
    }
  });

  it('needs no --target, and starts no reference server, when every family has an absolute base URL', async () => {
    const file = withBaseUrls('absolute.yaml', {
      android: `${server.url}/applivery/v1`,
      graph: `${server.url}/graph/beta`,
    });
    const lines: string[] = [];
    const run = await runContract({
      ...quiet,
      config: file,
      print: (l) => lines.push(l),
      families: ['graph'],
      maxRequests: 60,
    });
    expect(run.summary.failed).toBe(0);
    expect(run.summary.passed).toBeGreaterThan(10);
    expect(lines.join('\n')).not.toContain('started the reference server');
    expect(run.summary.target).toBe(`${server.url}/graph/beta`);
  });

  it('stops with the line of a variable that is set nowhere, before sending anything', () => {
    const file = join(work, 'unset.yaml');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's own ${NAME} syntax
    writeFileSync(file, 'families:\n  graph:\n    baseUrl: ${NO_SUCH_VARIABLE_HERE}/beta\n');
    const result = contractWithConfig(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unset\.yaml:3: \$\{NO_SUCH_VARIABLE_HERE\} is not set/);
  });
});
