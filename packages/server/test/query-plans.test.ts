/**
 * Every query the store runs is index-backed, on SQLite and on PostgreSQL: the API's every operation
 * (each list sort, both directions, a later page), the device agent's sweep and the seed run against
 * a store holding thousands of commands, every statement is recorded as it goes to the database, and
 * each one is explained there. A full scan of any table, or a temporary sort of a command table, fails
 * the test (the migrations' own bookkeeping table aside).
 *
 * SQLite: EXPLAIN QUERY PLAN must not `SCAN` a table nor `USE TEMP B-TREE` on a command table.
 * PostgreSQL: with sequential scans and explicit sorts priced out (enable_seqscan, enable_sort off,
 * the standard way to ask "is there an index for this?" on a table the planner could read whole),
 * EXPLAIN must show neither a Seq Scan nor a Sort over a command table.
 */
import { type Postgres, startPostgres } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkAndroidCommand, bulkGraphCommand } from '../src/store/bulk.ts';
import { type Db, render, Sql } from '../src/store/db.ts';
import { openPostgresDb } from '../src/store/postgres.ts';
import { SqlStore } from '../src/store/sql-store.ts';
import { openSqliteDb } from '../src/store/sqlite.ts';
import { ANDROID, GRAPH, harness, SEED, TOKENS } from './support/harness.ts';

const COMMAND_TABLES = ['android_commands', 'graph_commands', 'android_device_command_counts'];
const BULK = 4_000;

/** A driver that records every query it is given (inside transactions too). */
function recording(db: Db, seen: Sql[]): Db {
  return {
    dialect: db.dialect,
    all: (q) => {
      seen.push(q);
      return db.all(q);
    },
    run: (q) => {
      seen.push(q);
      return db.run(q);
    },
    exec: (text) => db.exec(text),
    transaction: (fn, options) => db.transaction((tx) => fn(recording(tx, seen)), options),
    close: () => db.close(),
  };
}

/** Runs the API's operations, the agent and the seed; returns each distinct statement once. */
async function workload(db: Db): Promise<Sql[]> {
  const seen: Sql[] = [];
  const store = new SqlStore(recording(db, seen));
  await store.migrate();
  await store.seed((await import('../src/store/seed.ts')).seedData());
  for (let i = 0; i < BULK; i += 500) {
    const n = Array.from({ length: 500 }, (_, k) => i + k);
    await store.android.insertCommands(n.map(bulkAndroidCommand));
    await store.graph.insertCommands(n.map(bulkGraphCommand));
  }
  // PostgreSQL gets statistics; SQLite gets none, so that it plans as for tables of a million rows
  // (with statistics of a few rows it rightly scans a three-row table, which proves nothing).
  if (db.dialect === 'postgres') await db.exec('ANALYZE');
  const h = await harness({ store });
  const device = `${ANDROID}/organizations/${SEED.organization.id}/mdm/android/enterprise/devices`;
  const bySlug = `${ANDROID}/organizations/${SEED.organization.slug}/mdm/android/enterprise/devices`;
  const android = { token: TOKENS.androidAdmin };
  const graph = { token: TOKENS.graphAna };
  const expectStatus = async (res: Promise<Response>, status: number) => expect((await res).status).toBe(status);

  for (const sort of ['createdAt:asc', 'createdAt:desc', 'updatedAt:asc', 'updatedAt:desc']) {
    await expectStatus(
      h.request('GET', `${device}/${SEED.device.id}/commands?sort=${sort}&page=3&limit=10`, android),
      200,
    );
  }
  await expectStatus(h.request('GET', `${bySlug}/${SEED.device.serialNumber}/commands`, android), 200);
  const created = await h.request('POST', `${device}/${SEED.device.id}/commands`, {
    ...android,
    body: { type: 'LOCK' },
  });
  expect(created.status).toBe(200);
  const { data } = (await created.json()) as { data: { id: string } };
  await expectStatus(h.request('GET', `${device}/${SEED.device.id}/commands/${data.id}`, android), 200);
  await expectStatus(h.request('POST', `${device}/${SEED.device.id}/commands/${data.id}/cancel`, android), 200);
  await expectStatus(h.request('POST', `${device}/${SEED.device.id}/commands/${data.id}/cancel`, android), 400);

  await expectStatus(h.request('GET', `${GRAPH}/me/devices`, graph), 200);
  const sent = await h.request('POST', `${GRAPH}/me/devices/${SEED.graphDevices.laptop}/commands`, {
    ...graph,
    body: { type: 'LaunchUri', payload: { uri: 'https://bing.com' } },
  });
  expect(sent.status).toBe(201);
  const { id } = (await sent.json()) as { id: string };
  await expectStatus(h.request('GET', `${GRAPH}/me/devices/${SEED.graphDevices.laptop}/commands/${id}`, graph), 200);
  await expectStatus(
    h.request(
      'GET',
      `${GRAPH}/me/devices/${SEED.graphDevices.laptop}/commands/${SEED.graphCommands.completed}/responsePayload`,
      graph,
    ),
    200,
  );
  h.clock.advance(60_000);
  await h.agent.runOnce();

  const distinct = new Map<string, Sql>();
  for (const q of seen) distinct.set(render(q, () => '?').text, q);
  return [...distinct.values()];
}

interface Finding {
  query: string;
  plan: string;
}

async function sqliteFindings(db: Db, queries: Sql[]): Promise<{ findings: Finding[]; explained: number }> {
  const findings: Finding[] = [];
  let explained = 0;
  for (const q of queries) {
    const text = render(q, () => '?').text;
    if (/^\s*(INSERT|CREATE|DROP)\b/i.test(text) && !/\bSELECT\b/i.test(text)) continue;
    if (/schema_migrations/.test(text)) continue;
    const rows = await db.all(new Sql(['EXPLAIN QUERY PLAN ', ''], [q]));
    explained++;
    const plan = rows.map((r) => String(r.detail)).join('\n');
    const bad = rows
      .map((r) => String(r.detail))
      .filter(
        (d) =>
          /^SCAN (?!CONSTANT ROW)\w+/.test(d) ||
          (/USE TEMP B-TREE/.test(d) && COMMAND_TABLES.some((t) => plan.includes(t))),
      );
    if (bad.length > 0) findings.push({ query: text.replace(/\s+/g, ' '), plan });
  }
  return { findings, explained };
}

async function postgresFindings(db: Db, queries: Sql[]): Promise<{ findings: Finding[]; explained: number }> {
  const findings: Finding[] = [];
  let explained = 0;
  for (const q of queries) {
    const { text } = render(q, (n) => `$${n}`);
    if (/^\s*(INSERT|CREATE|DROP)\b/i.test(text) && !/\bSELECT\b/i.test(text)) continue;
    if (/schema_migrations/.test(text)) continue;
    const plan = await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off');
      const [row] = await tx.all(new Sql(['EXPLAIN (FORMAT JSON) ', ''], [q]));
      return JSON.stringify(row?.['QUERY PLAN'] ?? row);
    });
    explained++;
    const nodes: { type: string; relation: string | undefined }[] = [];
    const walk = (node: Record<string, unknown>) => {
      nodes.push({ type: String(node['Node Type']), relation: node['Relation Name'] as string | undefined });
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    for (const top of JSON.parse(plan) as { Plan: Record<string, unknown> }[]) walk(top.Plan);
    const bad = nodes.filter(
      (n) =>
        (n.type === 'Seq Scan' && n.relation !== 'schema_migrations') ||
        (n.type === 'Sort' && COMMAND_TABLES.some((t) => plan.includes(`"${t}"`))),
    );
    if (bad.length > 0) findings.push({ query: text.replace(/\s+/g, ' '), plan });
  }
  return { findings, explained };
}

describe('every store query is index-backed', () => {
  it('on SQLite: no full scan, no temporary sort of a command table', async () => {
    const db = openSqliteDb(':memory:');
    const queries = await workload(db);
    const { findings, explained } = await sqliteFindings(db, queries);
    expect(explained).toBeGreaterThanOrEqual(15);
    expect(findings).toEqual([]);
  });

  describe('on PostgreSQL', () => {
    let pg: Postgres;
    beforeAll(async () => {
      pg = await startPostgres();
    }, 60_000);
    afterAll(() => pg?.stop());

    it('no sequential scan, no sort of a command table', async () => {
      const db = openPostgresDb(await pg.createDatabase('plans'));
      try {
        const queries = await workload(db);
        const { findings, explained } = await postgresFindings(db, queries);
        expect(explained).toBeGreaterThanOrEqual(15);
        expect(findings).toEqual([]);
      } finally {
        await db.close();
      }
    });
  });
});
