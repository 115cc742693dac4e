/** Scale-out: PostgreSQL through `pg`, for several replicas sharing one database (DATABASE_URL). */
import pg from 'pg';
import { type Db, render } from './db.ts';
import { SqlStore } from './sql-store.ts';

/** Any fixed number: the advisory lock that serializes migrations across processes. */
const MIGRATION_LOCK = 7_310_424_001;
const dollar = (n: number) => `$${n}`;

function wrap(client: pg.Pool | pg.PoolClient): Omit<Db, 'transaction' | 'close'> {
  return {
    dialect: 'postgres',
    all: async (query) => {
      const { text, params } = render(query, dollar);
      return (await client.query(text, params)).rows;
    },
    run: async (query) => {
      const { text, params } = render(query, dollar);
      return (await client.query(text, params)).rowCount ?? 0;
    },
    exec: async (text) => {
      await client.query(text);
    },
  };
}

/** The driver: `$n` placeholders, a pool of 10 connections, transactions on one pooled client. */
export function openPostgresDb(connectionString: string): Db {
  const pool = new pg.Pool({ connectionString, max: 10 });
  return {
    ...wrap(pool),
    transaction: async (fn, options) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        if (options?.lock) await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const inner: Db = { ...wrap(client), transaction: (f) => f(inner), close: async () => {} };
        const result = await fn(inner);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openPostgresStore(connectionString: string): Promise<SqlStore> {
  const store = new SqlStore(openPostgresDb(connectionString));
  await store.migrate();
  return store;
}
