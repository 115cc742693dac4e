/**
 * Cost against data: the reference server on stores already holding 1,000, 100,000 and 1,000,000
 * commands (filled by the server's bulk seeder, half per family), on SQLite and on PostgreSQL, every
 * operation measured with autocannon, interleaved round by round across the sizes so that each sees
 * the same machine noise. Target: p50 at 1M ≤ 1.3× p50 at 1k, for every operation, on both stores.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operationRequest } from '@device-commands/server/sample-requests';
import { type Postgres, type Started, startPostgres, startProcess } from '@device-commands/testkit';
import autocannon from 'autocannon';
import { median, round } from './stats.ts';

const SERVER = fileURLToPath(new URL('../../server/', import.meta.url));

export interface ScaleRow {
  store: 'sqlite' | 'postgres';
  operation: string;
  /** Per stored-command count: medians over the rounds. */
  sizes: { commands: number; rps: number; p50: number; p99: number }[];
  /**
   * Latency at the largest size over latency at the smallest: the mean latency under the same load,
   * connections ÷ req/s (Little's law), because autocannon's percentiles are whole milliseconds and
   * most of these answers take less than one (a p50 of 0 or 1 ms cannot show a 30% change).
   */
  growth: number;
}

const OPERATIONS: { name: string; id: string; query?: string }[] = [
  { name: 'get command', id: 'getAndroidDeviceCommand' },
  { name: 'list, first page', id: 'listAndroidDeviceCommands' },
  { name: 'list, sorted by updatedAt', id: 'listAndroidDeviceCommands', query: '?sort=updatedAt:desc' },
  { name: 'cancel (5052, already done)', id: 'cancelAndroidDeviceCommand' },
  { name: 'Graph command status', id: 'getDeviceCommand' },
  { name: 'create command', id: 'createAndroidDeviceCommand' },
];

async function cannon(origin: string, o: (typeof OPERATIONS)[number], seconds: number, connections: number) {
  const { url, method, headers, body } = operationRequest(origin, o.id, o.query);
  const result = await autocannon({
    url,
    method,
    headers,
    ...(body ? { body } : {}),
    duration: seconds,
    connections,
  });
  if (result.errors > 0 || result['5xx'] > 0) throw new Error(`${url}: ${result.errors} errors, ${result['5xx']} 5xx`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

export async function benchDataScale(options: {
  sizes: number[];
  rounds: number;
  seconds: number;
  connections: number;
}): Promise<ScaleRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const servers: Started[] = [];
  let pg: Postgres | undefined;
  const rows: ScaleRow[] = [];
  try {
    pg = await startPostgres();
    for (const store of ['sqlite', 'postgres'] as const) {
      const targets: { commands: number; origin: string }[] = [];
      for (const commands of options.sizes) {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          NODE_ENV: 'production',
          LOG_LEVEL: 'error',
          AGENT_DELAY_MS: '0',
        };
        if (store === 'sqlite') env.DATA_DIR = join(work, `sqlite-${commands}`);
        else env.DATABASE_URL = await pg.createDatabase(`scale_${commands}`);
        const at = performance.now();
        execFileSync(process.execPath, ['src/seed-cli.ts', '--commands', String(commands)], {
          cwd: SERVER,
          env,
          stdio: 'pipe',
        });
        process.stdout.write(
          `  ${store}: ${commands.toLocaleString('en')} commands seeded in ${Math.round((performance.now() - at) / 1000)} s\n`,
        );
        const server = await startProcess(process.execPath, ['src/main.ts'], {
          cwd: SERVER,
          env: { ...env, PORT: '0' },
          ready: /reference server: (http:\/\/\S+)/,
          timeoutMs: 120_000,
        });
        servers.push(server);
        targets.push({ commands, origin: server.match });
      }
      const samples = new Map<string, { rps: number; p50: number; p99: number }[]>();
      for (const t of targets) for (const o of OPERATIONS) await cannon(t.origin, o, 1, options.connections);
      for (let r = 0; r < options.rounds; r++) {
        for (const o of OPERATIONS) {
          for (const t of targets) {
            const s = await cannon(t.origin, o, options.seconds, options.connections);
            const key = `${o.name}|${t.commands}`;
            samples.set(key, [...(samples.get(key) ?? []), s]);
          }
        }
        process.stdout.write(`  ${store}: round ${r + 1}/${options.rounds}\n`);
      }
      for (const o of OPERATIONS) {
        const sizes = targets.map((t) => {
          const s = samples.get(`${o.name}|${t.commands}`) ?? [];
          return {
            commands: t.commands,
            rps: round(median(s.map((x) => x.rps)), 0),
            p50: round(median(s.map((x) => x.p50))),
            p99: round(median(s.map((x) => x.p99))),
          };
        });
        rows.push({ store, operation: o.name, sizes, growth: growthOf(sizes) });
      }
      await Promise.all(servers.splice(0).map((s) => s.stop()));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

/** Mean latency at the largest size over the smallest, under the same connections: req/s inverted. */
export function growthOf(sizes: { rps: number }[]): number {
  const first = sizes[0]?.rps ?? 0;
  const last = sizes.at(-1)?.rps ?? 0;
  return last > 0 ? round(first / last) : 0;
}

/** The BENCHMARKS.md section, between its markers. */
export function dataScaleSection(
  rows: ScaleRow[],
  settings: { rounds: number; seconds: number; connections: number },
): string {
  const sizes = rows[0]?.sizes.map((s) => s.commands) ?? [];
  const head = `| store | operation | ${sizes.map((n) => `${n.toLocaleString('en')}: p50 / p99 ms, req/s`).join(' | ')} | latency at ${(sizes.at(-1) ?? 0).toLocaleString('en')} vs ${(sizes[0] ?? 0).toLocaleString('en')} |`;
  const line = `|---|---|${sizes.map(() => '---:').join('|')}|---:|`;
  const body = rows.map(
    (r) =>
      `| ${r.store} | ${r.operation} | ${r.sizes.map((s) => `${s.p50} / ${s.p99}, ${s.rps.toLocaleString('en')}`).join(' | ')} | ${r.growth}× |`,
  );
  return `<!-- data-scale -->
## Data scale (stored commands: ${sizes.map((n) => n.toLocaleString('en')).join(', ')})

One server per size, each on a store filled beforehand by \`pnpm --filter @device-commands/server seed
--commands <n>\` (half per family, on the seeded devices: the device measured holds a quarter of them);
\`NODE_ENV=production\`; autocannon, ${settings.connections} connections, ${settings.seconds} s, medians of ${settings.rounds} rounds interleaved
across the sizes. Target: p50 at the largest size ≤ 1.3× p50 at the smallest, for every operation.
autocannon's percentiles are whole milliseconds and most answers here take less than one (a p50 of 0
or 1 ms cannot show a 30% change), so the last column compares the mean latency under the same load,
${settings.connections} connections ÷ req/s (Little's law); the p50 and p99 columns are autocannon's.

${head}
${line}
${body.join('\n')}
<!-- /data-scale -->`;
}

export interface DurabilityRow {
  setting: string;
  rps: number;
  p50: number;
  p99: number;
  rounds: number[];
}

/**
 * Creates per second at 32 connections for each durability setting the server ships: SQLite with
 * SQLITE_SYNCHRONOUS=full (the default) and normal, both on a file, and PostgreSQL with its default
 * synchronous_commit=on; interleaved round by round.
 */
export async function benchDurability(options: { rounds: number; seconds: number }): Promise<DurabilityRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'bench-durability-'));
  const servers: Started[] = [];
  let pg: Postgres | undefined;
  try {
    pg = await startPostgres();
    const base = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error', AGENT_DELAY_MS: '0', PORT: '0' };
    const settings: { setting: string; env: NodeJS.ProcessEnv }[] = [
      { setting: 'SQLite, SQLITE_SYNCHRONOUS=full (default)', env: { ...base, DATA_DIR: join(work, 'full') } },
      {
        setting: 'SQLite, SQLITE_SYNCHRONOUS=normal',
        env: { ...base, DATA_DIR: join(work, 'normal'), SQLITE_SYNCHRONOUS: 'normal' },
      },
      {
        setting: 'PostgreSQL, synchronous_commit=on',
        env: { ...base, DATABASE_URL: await pg.createDatabase('durability') },
      },
    ];
    const targets: { setting: string; origin: string }[] = [];
    for (const s of settings) {
      const server = await startProcess(process.execPath, ['src/main.ts'], {
        cwd: SERVER,
        env: s.env,
        ready: /reference server: (http:\/\/\S+)/,
      });
      servers.push(server);
      targets.push({ setting: s.setting, origin: server.match });
    }
    const create = OPERATIONS.find((o) => o.id === 'createAndroidDeviceCommand');
    if (!create) throw new Error('no create operation');
    const samples = new Map<string, { rps: number; p50: number; p99: number }[]>();
    for (const t of targets) await cannon(t.origin, create, 1, 32);
    for (let r = 0; r < options.rounds; r++) {
      for (const t of targets) {
        const s = await cannon(t.origin, create, options.seconds, 32);
        samples.set(t.setting, [...(samples.get(t.setting) ?? []), s]);
      }
    }
    return targets.map((t) => {
      const s = samples.get(t.setting) ?? [];
      return {
        setting: t.setting,
        rps: round(median(s.map((x) => x.rps)), 0),
        p50: round(median(s.map((x) => x.p50))),
        p99: round(median(s.map((x) => x.p99))),
        rounds: s.map((x) => Math.round(x.rps)),
      };
    });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The BENCHMARKS.md section, between its markers. */
export function durabilitySection(rows: DurabilityRow[], settings: { rounds: number; seconds: number }): string {
  const base = rows[0]?.rps ?? 0;
  return `<!-- durability -->
## Durability settings: creates per second (32 connections)

Android creates (each one a transaction: the command and its device's count) against a server on a
file store, ${settings.seconds} s, medians of ${settings.rounds} rounds interleaved. What each setting survives is in
[packages/server/README.md](packages/server/README.md) ("Durability"); every one keeps its acknowledged
writes across \`kill -9\` (\`pnpm chaos --only kill-sqlite,kill-sqlite-normal,kill-replica\`).

| setting | creates/s | p50 ms | p99 ms | vs the default | rounds |
|---|---:|---:|---:|---:|---|
${rows.map((r) => `| ${r.setting} | ${r.rps.toLocaleString('en')} | ${r.p50} | ${r.p99} | ${base ? round(r.rps / base) : 0}× | ${r.rounds.join(', ')} |`).join('\n')}
<!-- /durability -->`;
}
