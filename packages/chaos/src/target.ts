/**
 * The system under test: reference server processes (on a SQLite file or a PostgreSQL database
 * started here), the requests of both families against them, and what their database holds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { DEMO_TOKENS, type FamilyId, SEED } from '@device-commands/server';
import { loadSpec } from '@device-commands/spec';
import { type Started, startProcess } from '@device-commands/testkit';
import pg from 'pg';
import type { Request } from './load.ts';

const MAIN = fileURLToPath(import.meta.resolve('@device-commands/server/main'));

/** Each family's first demo token (the one the server's start-up lines use: every grant). */
const tokenOf = (family: FamilyId) => DEMO_TOKENS.find((t) => t.family === family)?.token ?? '';
export const TOKENS = { android: tokenOf('android'), graph: tokenOf('graph') };

export interface Server {
  url: string;
  pid: number;
  process: Started;
  /** SIGKILL: no shutdown, no flush, as a crash or an OOM kill. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  /** Resident memory (kB) and open file descriptors, read from /proc. */
  resources(): { rssKb: number; fds: number };
  /** Why the process ended by itself (its exit and last output), or undefined while it runs. */
  crashed(): string | undefined;
}

export async function startServer(env: Record<string, string>): Promise<Server> {
  const started = await startProcess(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      AGENT_DELAY_MS: '0',
      LOG_LEVEL: 'error',
      RESPONSE_VALIDATION: 'off',
      ...env,
    },
    ready: /reference server: (http:\/\/\S+)/,
  });
  const pid = started.child.pid ?? 0;
  return {
    url: started.match,
    pid,
    process: started,
    kill9: () =>
      new Promise((resolve) => {
        if (started.child.exitCode !== null || started.child.signalCode !== null) return resolve();
        started.child.once('exit', () => resolve());
        started.child.kill('SIGKILL');
      }),
    stop: async () => {
      await started.stop();
    },
    crashed: () =>
      started.child.exitCode === null && started.child.signalCode === null
        ? undefined
        : `exited (${started.child.exitCode ?? started.child.signalCode}): ${started.output().trim().split('\n').slice(-5).join(' | ').slice(0, 600)}`,
    resources: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return {
        rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        fds: readdirSync(`/proc/${pid}/fd`).length,
      };
    },
  };
}

const android = (url: string) =>
  `${url}/applivery/v1/organizations/${SEED.organization.id}/mdm/android/enterprise/devices/${SEED.device.id}/commands`;
const graph = (url: string) => `${url}/graph/beta/me/devices/${SEED.graphDevices.laptop}/commands`;

const androidEnvelope = (b: unknown) =>
  (b as { status?: unknown; error?: { code?: unknown } } | undefined)?.status === false &&
  typeof (b as { error: { code?: unknown } }).error?.code === 'number';
const graphEnvelope = (b: unknown) =>
  typeof (b as { error?: { code?: unknown; innerError?: unknown } } | undefined)?.error?.code === 'string' &&
  typeof (b as { error: { innerError?: unknown } }).error.innerError === 'object';

/** The requests the scenarios mix: creates and cancels (which they check afterwards) and reads. */
export const requests = {
  androidCreate: (url: string): Request => ({
    kind: 'android create',
    method: 'POST',
    url: android(url),
    token: TOKENS.android,
    body: { type: 'LOCK', duration: '600s' },
    acknowledges: (b) => (b as { data?: { id?: string } })?.data?.id,
    isEnvelope: androidEnvelope,
  }),
  androidCancel: (url: string, id: string): Request => ({
    kind: 'android cancel',
    method: 'POST',
    url: `${android(url)}/${id}/cancel`,
    token: TOKENS.android,
    acknowledges: (b) => {
      const data = (b as { data?: { id?: string; status?: string } })?.data;
      return data?.status === 'CANCEL' ? data.id : undefined;
    },
    isEnvelope: androidEnvelope,
  }),
  androidList: (url: string): Request => ({
    kind: 'android list',
    method: 'GET',
    url: `${android(url)}?limit=10`,
    token: TOKENS.android,
    isEnvelope: androidEnvelope,
  }),
  graphSend: (url: string): Request => ({
    kind: 'graph send',
    method: 'POST',
    url: graph(url),
    token: TOKENS.graph,
    body: { type: 'LaunchUri', payload: { uri: 'https://example.com/chaos' } },
    acknowledges: (b) => (b as { id?: string })?.id,
    isEnvelope: graphEnvelope,
  }),
  graphStatus: (url: string, id: string): Request => ({
    kind: 'graph status',
    method: 'GET',
    url: `${graph(url)}/${id}`,
    token: TOKENS.graph,
    isEnvelope: graphEnvelope,
  }),
};

/** What the database holds for the commands the scenario cares about. */
export type Rows = Record<FamilyId, Map<string, { status: string; count: number }>>;

/** The states a stored command may be in: the contract's enums, read from the spec. */
const spec = loadSpec();
const enumOf = (name: string) =>
  new Set(((spec.components?.schemas?.[name] as { enum?: string[] } | undefined)?.enum ?? []).map(String));
const ANDROID_STATUSES = enumOf('EmmCommandStatus');
const GRAPH_STATUSES = enumOf('ActionStatus');
if (ANDROID_STATUSES.size === 0 || GRAPH_STATUSES.size === 0)
  throw new Error('the spec no longer names EmmCommandStatus or ActionStatus: update packages/chaos/src/target.ts');

function collect(rows: { family: string; id: string; status: string }[]): Rows {
  const result: Rows = { android: new Map(), graph: new Map() };
  for (const row of rows) {
    const map = result[row.family as FamilyId];
    const key = row.id.toLowerCase();
    const seen = map.get(key);
    map.set(key, { status: row.status, count: (seen?.count ?? 0) + 1 });
  }
  return result;
}

const SELECT = `SELECT 'android' AS family, id, status FROM android_commands UNION ALL SELECT 'graph' AS family, id, status FROM graph_commands`;

export async function rowsInPostgres(databaseUrl: string): Promise<Rows> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return collect((await client.query(SELECT)).rows);
  } finally {
    await client.end();
  }
}

export function rowsInSqlite(file: string): Rows & { integrity: string } {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const integrity = String((db.prepare('PRAGMA integrity_check').get() as Record<string, unknown>).integrity_check);
    return { ...collect(db.prepare(SELECT).all() as { family: string; id: string; status: string }[]), integrity };
  } finally {
    db.close();
  }
}

/** Acknowledged creates and cancels that the database does not hold as acknowledged, and impossible states. */
export function audit(
  rows: Rows,
  acknowledged: { creates: { family: FamilyId; id: string }[]; cancels: string[] },
): { checked: number; lost: string[]; impossible: string[] } {
  const lost: string[] = [];
  const impossible: string[] = [];
  for (const { family, id } of acknowledged.creates) {
    const row = rows[family].get(id.toLowerCase());
    if (!row) lost.push(`${family} create ${id}: missing`);
    else if (row.count !== 1) lost.push(`${family} create ${id}: stored ${row.count} times`);
  }
  for (const id of acknowledged.cancels) {
    const row = rows.android.get(id.toLowerCase());
    if (row?.status !== 'CANCEL') lost.push(`android cancel ${id}: status ${row?.status ?? 'missing'}`);
  }
  for (const [id, row] of rows.android)
    if (!ANDROID_STATUSES.has(row.status)) impossible.push(`android ${id}: status ${row.status}`);
  for (const [id, row] of rows.graph)
    if (!GRAPH_STATUSES.has(row.status)) impossible.push(`graph ${id}: status ${row.status}`);
  return { checked: acknowledged.creates.length + acknowledged.cancels.length, lost, impossible };
}
