/**
 * The store conformance suite on a real PostgreSQL server (started by the test), and race-free
 * cancel across two server processes sharing it.
 */
import { fileURLToPath } from 'node:url';
import { type Postgres, type Started, startPostgres, startProcess } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDb, openPostgresStore } from '../src/store/postgres.ts';
import { SEED } from '../src/store/seed.ts';
import { driverConformance } from './support/driver-conformance.ts';
import { storeConformance } from './support/store-conformance.ts';

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(() => pg?.stop());

let n = 0;
driverConformance('PostgreSQL', async () => openPostgresDb(await pg.createDatabase(`driver_${++n}`)));
storeConformance('PostgreSQL', async () => openPostgresStore(await pg.createDatabase(`conformance_${++n}`)));

describe('two server processes on one PostgreSQL database', () => {
  const servers: Started[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  async function startServer(databaseUrl: string): Promise<string> {
    const server = await startProcess(process.execPath, [fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        AGENT_DELAY_MS: '0',
        RESPONSE_VALIDATION: 'strict',
        LOG_LEVEL: 'warn',
      },
      ready: /reference server: (http:\/\/\S+)/,
    });
    servers.push(server);
    return server.match;
  }

  it('migrate together, and let exactly one of 50 concurrent cancels succeed', async () => {
    const url = await pg.createDatabase('two_processes');
    const [a, b] = await Promise.all([startServer(url), startServer(url)]);
    const auth = { authorization: 'Bearer demo-android-admin-token', 'content-type': 'application/json' };
    const device = `/applivery/v1/organizations/${SEED.organization.id}/mdm/android/enterprise/devices/${SEED.device.id}/commands`;
    const created = await fetch(`${a}${device}`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'LOCK' }),
    });
    expect(created.status).toBe(200);
    const { data } = (await created.json()) as { data: { id: string } };
    // As a client would: a 503 (the server shed load, or waited too long for a database connection, as
    // happens when the test command loads both cores) is sent again after its Retry-After.
    const cancel = async (origin: string): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${origin}${device}/${data.id}/cancel`, { method: 'POST', headers: auth });
        await res.arrayBuffer();
        if (res.status !== 503 || attempt === 10) return res.status;
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
      }
    };
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => cancel(i % 2 ? a : b)));
    const count = (status: number) => statuses.filter((s) => s === status).length;
    expect({ 200: count(200), 400: count(400), others: statuses.filter((s) => s !== 200 && s !== 400) }).toEqual({
      200: 1,
      400: 49,
      others: [],
    });
    const seen = await fetch(`${b}${device}/${data.id}`, { headers: auth });
    expect(((await seen.json()) as { data: { status: string } }).data.status).toBe('CANCEL');
  }, 60_000);
});
