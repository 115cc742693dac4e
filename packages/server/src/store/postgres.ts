/** Scale-out: PostgreSQL through `pg`, for several replicas sharing one database (DATABASE_URL). */
import pg from 'pg';
import { type Db, type Param, SqlStore } from './sql-store.ts';

/** Any fixed number: the advisory lock that serializes migrations across processes. */
const MIGRATION_LOCK = 7_310_424_001;

const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

function wrap(client: pg.Pool | pg.PoolClient): Omit<Db, 'transaction' | 'close'> {
  return {
    all: async (sql: string, params: Param[] = []) => (await client.query(numbered(sql), params)).rows,
    run: async (sql: string, params: Param[] = []) => (await client.query(numbered(sql), params)).rowCount ?? 0,
    exec: async (sql: string) => {
      await client.query(sql);
    },
  };
}

export async function openPostgresStore(connectionString: string): Promise<SqlStore> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const db: Db = {
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
  const store = new SqlStore('postgres', db);
  await store.migrate();
  return store;
}
