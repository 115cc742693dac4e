/**
 * Scale-out: one against two reference-server processes on one PostgreSQL database, each on its own
 * port, the same total load (connections) split evenly between them; reads (get command) and creates,
 * interleaved round by round. Target: two processes ≥ 1.6× one, for reads.
 */
import { fileURLToPath } from 'node:url';
import { operationRequest } from '@device-commands/server/sample-requests';
import { type Postgres, type Started, startPostgres, startProcess } from '@device-commands/testkit';
import autocannon from 'autocannon';
import { median, round } from './stats.ts';

const SERVER = fileURLToPath(new URL('../../server/', import.meta.url));

export interface ScaleOutRow {
  operation: string;
  processes: number;
  rps: number;
  p99: number;
  rounds: number[];
}

const OPERATIONS: { name: string; id: string }[] = [
  { name: 'read (get command)', id: 'getAndroidDeviceCommand' },
  { name: 'create command', id: 'createAndroidDeviceCommand' },
];

/** All `origins` loaded at once, `connections` split evenly; the summed rate and the worst p99. */
async function load(origins: string[], o: (typeof OPERATIONS)[number], seconds: number, connections: number) {
  const results = await Promise.all(
    origins.map((origin) =>
      autocannon({
        ...operationRequest(origin, o.id),
        duration: seconds,
        connections: Math.max(1, Math.round(connections / origins.length)),
      }),
    ),
  );
  for (const r of results) if (r.errors > 0 || r['5xx'] > 0) throw new Error(`${r.errors} errors, ${r['5xx']} 5xx`);
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
  };
}

export async function benchScaleOut(options: {
  rounds: number;
  seconds: number;
  connections: number;
}): Promise<ScaleOutRow[]> {
  const servers: Started[] = [];
  let pg: Postgres | undefined;
  try {
    pg = await startPostgres();
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      AGENT_DELAY_MS: '0',
      PORT: '0',
      DATABASE_URL: await pg.createDatabase('scale_out'),
    };
    for (let i = 0; i < 2; i++) {
      servers.push(
        await startProcess(process.execPath, ['src/main.ts'], {
          cwd: SERVER,
          env,
          ready: /reference server: (http:\/\/\S+)/,
        }),
      );
    }
    const [first, second] = servers.map((s) => s.match);
    const setups = [
      { processes: 1, origins: [first ?? ''] },
      { processes: 2, origins: [first ?? '', second ?? ''] },
    ];
    const samples = new Map<string, { rps: number; p99: number }[]>();
    for (const o of OPERATIONS) for (const s of setups) await load(s.origins, o, 1, options.connections);
    for (let r = 0; r < options.rounds; r++) {
      for (const o of OPERATIONS) {
        for (const s of setups) {
          const key = `${o.name}|${s.processes}`;
          samples.set(key, [
            ...(samples.get(key) ?? []),
            await load(s.origins, o, options.seconds, options.connections),
          ]);
        }
      }
    }
    return OPERATIONS.flatMap((o) =>
      setups.map((s) => {
        const x = samples.get(`${o.name}|${s.processes}`) ?? [];
        return {
          operation: o.name,
          processes: s.processes,
          rps: round(median(x.map((v) => v.rps)), 0),
          p99: round(median(x.map((v) => v.p99))),
          rounds: x.map((v) => Math.round(v.rps)),
        };
      }),
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await pg?.stop();
  }
}

export function scaleOutSection(
  rows: ScaleOutRow[],
  settings: { rounds: number; seconds: number; connections: number },
): string {
  const one = (operation: string) => rows.find((r) => r.operation === operation && r.processes === 1)?.rps ?? 0;
  return `<!-- scale-out -->
## Scale-out: one or two server processes on one PostgreSQL

The same load (${settings.connections} connections in all, split evenly between the processes), ${settings.seconds} s, medians of
${settings.rounds} rounds interleaved. Everything (PostgreSQL, the servers, autocannon) shares this machine's two
cores, so a second process can only add what the first left idle. Target: two ≥ 1.6× one for reads.

| operation | processes | req/s | p99 ms | vs one process | rounds |
|---|---:|---:|---:|---:|---|
${rows.map((r) => `| ${r.operation} | ${r.processes} | ${r.rps.toLocaleString('en')} | ${r.p99} | ${one(r.operation) ? round(r.rps / one(r.operation)) : 0}× | ${r.rounds.join(', ')} |`).join('\n')}
<!-- /scale-out -->`;
}
