/**
 * Server throughput with autocannon on loopback, interleaved round by round so that every target
 * sees the same machine noise: the reference server (get, create, cancel), Prism's mock of the same
 * operations, a bare Hono constant and a raw node:http constant; and the reference server with its
 * response validation on and off. Memory: server RSS after 1,000 and after 100,000 requests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundlePaths } from '@device-commands/spec';
import { type Started, startPrism, startProcess } from '@device-commands/testkit';
import autocannon from 'autocannon';
import { median, round } from './stats.ts';

const SERVER_MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));
const ORG = '65a1f0c2e4b0a1b2c3d4e5f6';
const DEVICE = '65a1f0c2e4b0a1b2c3d4e601';
const DONE = '65a1f0c2e4b0a1b2c3d4e702';
const ANDROID = `/organizations/${ORG}/mdm/android/enterprise/devices/${DEVICE}/commands`;
const AUTH = { authorization: 'Bearer demo-android-admin-token', 'content-type': 'application/json' };

export interface ServerResult {
  target: string;
  group: string;
  rps: number;
  p50: number;
  p99: number;
  rounds: number[];
}

function startReference(validation: 'off' | 'strict'): Promise<Started> {
  return startProcess(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      SQLITE_FILE: ':memory:',
      AGENT_DELAY_MS: '0',
      LOG_LEVEL: 'error',
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

async function cannon(
  url: string,
  method: 'GET' | 'POST',
  body: string | undefined,
  seconds: number,
  connections: number,
) {
  const result = await autocannon({
    url,
    method,
    headers: AUTH,
    ...(body ? { body } : {}),
    duration: seconds,
    connections,
    pipelining: 1,
  });
  if (result.errors > 0 || (result.non2xx > result.requests.total * 0.5 && method === 'GET')) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx of ${result.requests.total}`);
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
    const [validated, unvalidated, prism, hono, node] = await Promise.all([
      startReference('strict'),
      startReference('off'),
      startPrism(['mock', bundlePaths.yaml], fileURLToPath(new URL('..', import.meta.url))),
      start('./targets/hono-const.ts'),
      start('./targets/node-const.ts'),
    ]);
    started.push(validated, unvalidated, prism, hono, node);
    const ref = `${unvalidated.match}/applivery/v1`;
    const refValidated = `${validated.match}/applivery/v1`;
    const create = JSON.stringify({ type: 'LOCK', duration: '600s' });
    const targets: { target: string; group: string; url: string; method: 'GET' | 'POST'; body?: string }[] = [
      { target: 'reference: get command', group: 'get', url: `${ref}${ANDROID}/${DONE}`, method: 'GET' },
      { target: 'prism mock: get command', group: 'get', url: `${prism.url}${ANDROID}/${DONE}`, method: 'GET' },
      { target: 'reference: create command', group: 'create', url: `${ref}${ANDROID}`, method: 'POST', body: create },
      {
        target: 'prism mock: create command',
        group: 'create',
        url: `${prism.url}${ANDROID}`,
        method: 'POST',
        body: create,
      },
      {
        target: 'reference: cancel command (5052)',
        group: 'cancel',
        url: `${ref}${ANDROID}/${DONE}/cancel`,
        method: 'POST',
      },
      {
        target: 'prism mock: cancel command',
        group: 'cancel',
        url: `${prism.url}${ANDROID}/${DONE}/cancel`,
        method: 'POST',
      },
      { target: 'bare Hono constant', group: 'ceiling', url: `${hono.match}/x`, method: 'GET' },
      { target: 'raw node:http constant', group: 'ceiling', url: `${node.match}/x`, method: 'GET' },
      {
        target: 'reference: get command, response validation on',
        group: 'validation',
        url: `${refValidated}${ANDROID}/${DONE}`,
        method: 'GET',
      },
    ];
    // Warm up every target once (JIT, SQLite page cache), then interleave the rounds.
    for (const t of targets) await cannon(t.url, t.method, t.body, 1, options.connections);
    const samples = new Map<string, { rps: number; p50: number; p99: number }[]>();
    for (let round = 0; round < options.rounds; round++) {
      for (const t of targets) {
        const s = await cannon(t.url, t.method, t.body, options.seconds, options.connections);
        samples.set(t.target, [...(samples.get(t.target) ?? []), s]);
        process.stdout.write(`  round ${round + 1}/${options.rounds} ${t.target}: ${Math.round(s.rps)} req/s\n`);
      }
    }
    const results = targets.map((t) => {
      const s = samples.get(t.target) ?? [];
      return {
        target: t.target,
        group: t.group,
        rps: round(median(s.map((x) => x.rps)), 0),
        p50: round(median(s.map((x) => x.p50))),
        p99: round(median(s.map((x) => x.p99))),
        rounds: s.map((x) => Math.round(x.rps)),
      };
    });

    // Memory: RSS of the (validating) server after 1,000 and after 100,000 requests.
    const rss = () =>
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${validated.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const getUrl = `${refValidated}${ANDROID}/${DONE}`;
    await autocannon({ url: getUrl, headers: AUTH, amount: 1000, connections: options.connections });
    const after1k = rss();
    await autocannon({ url: getUrl, headers: AUTH, amount: 49_000, connections: options.connections });
    const after50k = rss();
    await autocannon({ url: getUrl, headers: AUTH, amount: 50_000, connections: options.connections });
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
