/**
 * Server throughput with autocannon on loopback, interleaved round by round so that every target
 * sees the same machine noise: every operation of the contract on the reference server (response
 * validation off, as in production, and on, as in development and tests) and on Prism's mock of the
 * same spec; the get command again with the default access log on (LOG_LEVEL=info); a bare Hono
 * constant and a raw node:http constant as ceilings. Each request is built from the spec (path,
 * method, token, the first example body). Memory: server RSS after 1,000 and after 100,000 requests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contractOperations, type OperationRequest, operationRequest } from '@device-commands/server/sample-requests';
import { bundlePaths } from '@device-commands/spec';
import { type Started, startPrism, startProcess } from '@device-commands/testkit';
import autocannon from 'autocannon';
import { median, round } from './stats.ts';

const SERVER_MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));

export interface ServerResult {
  target: string;
  /** The operationId measured, or `ceiling`. */
  group: string;
  kind: 'reference' | 'reference, response validation on' | 'reference, access log on' | 'prism mock' | 'ceiling';
  rps: number;
  p50: number;
  p99: number;
  rounds: number[];
}

/** The reference server as in production; `logLevel` error leaves out the access line of every request. */
export function startReference(validation: 'off' | 'strict', logLevel: 'error' | 'info' = 'error'): Promise<Started> {
  return startProcess(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      SQLITE_FILE: ':memory:',
      AGENT_DELAY_MS: '0',
      LOG_LEVEL: logLevel,
      NODE_ENV: 'production',
      RESPONSE_VALIDATION: validation,
    },
    ready: /reference server: (http:\/\/\S+)/,
  });
}

const start = (file: string) =>
  startProcess(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], {
    ready: /listening (http:\/\/\S+)/,
  });

async function cannon(request: OperationRequest, seconds: number, connections: number) {
  const result = await autocannon({
    url: request.url,
    method: request.method,
    headers: request.headers,
    ...(request.body ? { body: request.body } : {}),
    duration: seconds,
    connections,
    pipelining: 1,
  });
  // A refusal the contract documents (cancel of a done command: 400 5052) is measured like any answer;
  // an error, a 5xx (a response that broke the contract, under validation) or a failing read is not.
  if (
    result.errors > 0 ||
    result['5xx'] > 0 ||
    (result.non2xx > result.requests.total * 0.5 && request.method === 'GET')
  ) {
    throw new Error(
      `${request.method} ${request.url}: ${result.errors} errors, ${result['5xx']} 5xx, ${result.non2xx} non-2xx of ${result.requests.total}`,
    );
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

export async function benchServers(options: {
  rounds: number;
  seconds: number;
  connections: number;
}): Promise<{ results: ServerResult[]; memory: Record<string, number> }> {
  const started: Started[] = [];
  try {
    const [validated, unvalidated, logged, prism, hono, node] = await Promise.all([
      startReference('strict'),
      startReference('off'),
      startReference('off', 'info'),
      startPrism(['mock', bundlePaths.yaml], fileURLToPath(new URL('..', import.meta.url))),
      start('./targets/hono-const.ts'),
      start('./targets/node-const.ts'),
    ]);
    started.push(validated, unvalidated, logged, prism, hono, node);
    type Target = { target: string; group: string; kind: ServerResult['kind']; request: OperationRequest };
    const targets: Target[] = contractOperations().flatMap(({ id }) => [
      { target: `reference: ${id}`, group: id, kind: 'reference', request: operationRequest(unvalidated.match, id) },
      {
        target: `reference: ${id}, response validation on`,
        group: id,
        kind: 'reference, response validation on',
        request: operationRequest(validated.match, id),
      },
      {
        target: `prism mock: ${id}`,
        group: id,
        kind: 'prism mock',
        request: operationRequest(prism.url, id, '', 'root'),
      },
    ]);
    // The shipped default logs an access line per request (LOG_LEVEL=info): its cost, on one operation.
    targets.push({
      target: 'reference: getAndroidDeviceCommand, access log on',
      group: 'getAndroidDeviceCommand',
      kind: 'reference, access log on',
      request: operationRequest(logged.match, 'getAndroidDeviceCommand'),
    });
    const constant = (origin: string): OperationRequest => ({ url: `${origin}/x`, method: 'GET', headers: {} });
    targets.push(
      { target: 'bare Hono constant', group: 'ceiling', kind: 'ceiling', request: constant(hono.match) },
      { target: 'raw node:http constant', group: 'ceiling', kind: 'ceiling', request: constant(node.match) },
    );
    // Warm up every target once (JIT, SQLite page cache), then interleave the rounds.
    for (const t of targets) await cannon(t.request, 1, options.connections);
    const samples = new Map<string, { rps: number; p50: number; p99: number }[]>();
    for (let round = 0; round < options.rounds; round++) {
      for (const t of targets) {
        const s = await cannon(t.request, options.seconds, options.connections);
        samples.set(t.target, [...(samples.get(t.target) ?? []), s]);
        process.stdout.write(`  round ${round + 1}/${options.rounds} ${t.target}: ${Math.round(s.rps)} req/s\n`);
      }
    }
    const results = targets.map((t) => {
      const s = samples.get(t.target) ?? [];
      return {
        target: t.target,
        group: t.group,
        kind: t.kind,
        rps: round(median(s.map((x) => x.rps)), 0),
        p50: round(median(s.map((x) => x.p50))),
        p99: round(median(s.map((x) => x.p99))),
        rounds: s.map((x) => Math.round(x.rps)),
      };
    });

    // Memory: RSS of the (validating) server after 1,000 and after 100,000 requests.
    const rss = () =>
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${validated.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const { url, headers } = operationRequest(validated.match, 'getAndroidDeviceCommand');
    await autocannon({ url, headers, amount: 1000, connections: options.connections });
    const after1k = rss();
    await autocannon({ url, headers, amount: 49_000, connections: options.connections });
    const after50k = rss();
    await autocannon({ url, headers, amount: 50_000, connections: options.connections });
    const after100k = rss();
    return {
      results,
      memory: {
        after1kMiB: round(after1k, 1),
        after50kMiB: round(after50k, 1),
        after100kMiB: round(after100k, 1),
        growthPercent: round(((after100k - after1k) / after1k) * 100, 1),
        growthSecondHalfPercent: round(((after100k - after50k) / after50k) * 100, 1),
      },
    };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
}
