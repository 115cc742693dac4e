/**
 * The contract monitor's cost, against the reference server directly, in one run and on the same
 * machine noise (arms interleaved round by round):
 * - latency at a fixed 1,000 requests per second (an open-loop sender of our own: autocannon reports
 *   whole milliseconds, and the target is a sub-millisecond difference), p50 and p99, direct and
 *   through the monitor judging every exchange;
 * - throughput at saturation (autocannon, 10 connections), direct and through the monitor, as a
 *   ratio;
 * - the monitor's own judging time (its histogram) and memory;
 * - optionally a soak (MONITOR_SOAK_SECONDS): RSS every 10 s at a steady rate, first minute against
 *   last minute.
 * The server and the monitor are processes of their own; the load comes from this process.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { operationRequest } from '@device-commands/server/sample-requests';
import { type Started, startProcess } from '@device-commands/testkit';
import autocannon from 'autocannon';
import { startReference } from './server.ts';
import { median, round } from './stats.ts';

const SUITE_CLI = fileURLToPath(new URL('../../contract-tests/src/cli.ts', import.meta.url));
const OPERATION = 'getAndroidDeviceCommand';

export interface MonitorBench {
  rate: number;
  seconds: number;
  rounds: number;
  latency: { direct: { p50: number; p99: number }; monitor: { p50: number; p99: number } };
  throughput: { direct: number; monitor: number; ratio: number };
  judgeMicros: number;
  judged: number;
  rssMiB: number;
  soak?: { seconds: number; rate: number; firstMinuteMiB: number; lastMinuteMiB: number; samplesMiB: number[] };
}

function startMonitorProcess(upstream: string): Promise<Started> {
  return startProcess(process.execPath, [SUITE_CLI, 'monitor', '--upstream', upstream, '--listen', '127.0.0.1:0'], {
    env: { ...process.env },
    ready: /monitor: (http:\/\/\S+)/,
  });
}

const rssMiB = (pid: number | undefined) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024, 1);
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Sends `rate` requests per second for `seconds`, whatever the answers take (open loop); latencies in ms. */
async function fixedRate(origin: string, rate: number, seconds: number): Promise<number[]> {
  const r = operationRequest(origin, OPERATION);
  const url = new URL(r.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  const total = rate * seconds;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = performance.now();
    pending.push(
      new Promise<void>((resolve, reject) => {
        // A kept-alive socket the server closed just as it was reused: the request never reached it,
        // so it is sent again (Node's reusedSocket race), as any HTTP client would.
        const send = (retries: number) => {
          const req = request(
            {
              hostname: url.hostname,
              port: url.port,
              path: `${url.pathname}${url.search}`,
              method: r.method,
              headers: r.headers,
              agent,
            },
            (res) => {
              res.resume();
              res.on('end', () => {
                if (res.statusCode !== 200) reject(new Error(`${r.method} ${r.url}: ${res.statusCode}`));
                latencies.push(performance.now() - at);
                resolve();
              });
            },
          );
          req.on('error', (error: NodeJS.ErrnoException) => {
            if (retries > 0 && req.reusedSocket && error.code === 'ECONNRESET') send(retries - 1);
            else reject(error);
          });
          req.end(r.body);
        };
        send(2);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return latencies.sort((a, b) => a - b);
}

async function saturate(origin: string, seconds: number, connections: number): Promise<number> {
  const r = operationRequest(origin, OPERATION);
  const result = await autocannon({
    url: r.url,
    method: r.method as 'GET',
    headers: r.headers,
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`saturation run against ${origin}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function judged(monitor: string): Promise<{ count: number; sum: number }> {
  const text = await (await fetch(`${monitor}/__monitor/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    count: value('device_commands_monitor_judge_seconds_count'),
    sum: value('device_commands_monitor_judge_seconds_sum'),
  };
}

export async function benchMonitor(options: {
  rounds: number;
  seconds: number;
  connections: number;
  rate?: number;
  soakSeconds?: number;
}): Promise<MonitorBench> {
  const rate = options.rate ?? 1000;
  const server = await startReference('off');
  const monitor = await startMonitorProcess(server.match);
  try {
    // Warm both paths (JIT, connections, the monitor's compiled validators).
    await fixedRate(server.match, 200, 2);
    await fixedRate(monitor.match, 200, 2);
    const direct: number[][] = [];
    const through: number[][] = [];
    const rpsDirect: number[] = [];
    const rpsMonitor: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      direct.push(await fixedRate(server.match, rate, options.seconds));
      through.push(await fixedRate(monitor.match, rate, options.seconds));
      rpsDirect.push(await saturate(server.match, options.seconds, options.connections));
      rpsMonitor.push(await saturate(monitor.match, options.seconds, options.connections));
    }
    const stat = (runs: number[][], p: number) => round(median(runs.map((l) => percentile(l, p))), 3);
    const { count, sum } = await judged(monitor.match);
    const result: MonitorBench = {
      rate,
      seconds: options.seconds,
      rounds: options.rounds,
      latency: {
        direct: { p50: stat(direct, 0.5), p99: stat(direct, 0.99) },
        monitor: { p50: stat(through, 0.5), p99: stat(through, 0.99) },
      },
      throughput: {
        direct: Math.round(median(rpsDirect)),
        monitor: Math.round(median(rpsMonitor)),
        ratio: round(median(rpsMonitor) / median(rpsDirect), 2),
      },
      judgeMicros: round((sum / Math.max(1, count)) * 1e6, 1),
      judged: count,
      rssMiB: rssMiB(monitor.child.pid),
    };
    if (options.soakSeconds) {
      const samples: number[] = [];
      const soakRate = Math.round(rate / 2);
      for (let t = 0; t < options.soakSeconds; t += 10) {
        await fixedRate(monitor.match, soakRate, 10);
        samples.push(rssMiB(monitor.child.pid));
      }
      const mean = (values: number[]) => round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length), 1);
      result.soak = {
        seconds: options.soakSeconds,
        rate: soakRate,
        firstMinuteMiB: mean(samples.slice(0, 6)),
        lastMinuteMiB: mean(samples.slice(-6)),
        samplesMiB: samples,
      };
    }
    return result;
  } finally {
    await monitor.stop();
    await server.stop();
  }
}

export function monitorSection(r: MonitorBench): string {
  const overhead = (p: 'p50' | 'p99') => round(r.latency.monitor[p] - r.latency.direct[p], 3);
  const lines = [
    '<!-- monitor -->',
    '## Contract monitor',
    '',
    `\`device-commands monitor\` in front of the reference server (production settings), judging every exchange, against the same server directly: \`${OPERATION}\`, ${r.rounds} interleaved rounds of ${r.seconds} s, medians of the rounds.`,
    '',
    '| measure | direct | through the monitor | difference | target |',
    '|---|---|---|---|---|',
    `| latency p50 at ${r.rate.toLocaleString('en')} req/s (ms) | ${r.latency.direct.p50} | ${r.latency.monitor.p50} | +${overhead('p50')} ms | ≤ +1 ms: ${overhead('p50') <= 1 ? 'met' : '**missed**'} |`,
    `| latency p99 at ${r.rate.toLocaleString('en')} req/s (ms) | ${r.latency.direct.p99} | ${r.latency.monitor.p99} | +${overhead('p99')} ms | ≤ +3 ms: ${overhead('p99') <= 3 ? 'met' : '**missed**'} |`,
    `| throughput at saturation (req/s, 10 connections) | ${r.throughput.direct.toLocaleString('en')} | ${r.throughput.monitor.toLocaleString('en')} | ${r.throughput.ratio}× | ≥ 0.7×: ${r.throughput.ratio >= 0.7 ? 'met' : '**missed**'} |`,
    '',
    `Judging, off the request path: ${r.judgeMicros} µs per exchange on average (${r.judged.toLocaleString('en')} judged, the monitor's own histogram); the monitor's RSS after the run: ${r.rssMiB} MiB.`,
  ];
  if (r.soak)
    lines.push(
      '',
      `Soak: ${r.soak.seconds / 60} minutes at ${r.soak.rate} req/s through the monitor: RSS ${r.soak.firstMinuteMiB} MiB in the first minute, ${r.soak.lastMinuteMiB} MiB in the last (every 10 s: ${r.soak.samplesMiB.join(', ')}).`,
    );
  return `${lines.join('\n')}\n<!-- /monitor -->`;
}
