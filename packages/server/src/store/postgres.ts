/** Scale-out: PostgreSQL through `pg`, for several replicas sharing one database (DATABASE_URL). */
import pg from 'pg';
import { type Db, render } from './db.ts';
import { SqlStore } from './sql-store.ts';
import { StoreUnavailable } from './types.ts';

export interface PostgresLimits {
  /** Connections in the pool. */
  poolSize: number;
  /** Waiting for a connection (a busy pool, or a database that does not answer) fails after this. */
  connectTimeoutMs: number;
  /** A statement running longer is cancelled by the server (`statement_timeout`). */
  statementTimeoutMs: number;
}

export const DEFAULT_POSTGRES_LIMITS: PostgresLimits = {
  poolSize: 10,
  connectTimeoutMs: 2000,
  statementTimeoutMs: 5000,
};

/** SQLSTATE classes and codes that mean "not now" rather than "wrong" (PostgreSQL, Appendix A). */
const UNAVAILABLE_STATES = /^(08|53|57P0[1-4]|57014|58)/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|not queryable|Client was closed/i;

/** The driver's error as the store reports it: StoreUnavailable when waiting could help. */
export function classifyPostgresError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof StoreUnavailable) return error;
  const code = (error as { code?: unknown }).code;
  if (
    (typeof code === 'string' && (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_STATES.test(code))) ||
    UNAVAILABLE_MESSAGES.test(error.message)
  )
    return new StoreUnavailable(`PostgreSQL unavailable: ${error.message}`, { cause: error });
  return error;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyPostgresError(error);
  }
}

/** Any fixed number: the advisory lock that serializes migrations across processes. */
const MIGRATION_LOCK = 7_310_424_001;
const dollar = (n: number) => `$${n}`;

function wrap(client: pg.Pool | pg.PoolClient): Omit<Db, 'transaction' | 'close'> {
  return {
    dialect: 'postgres',
    all: async (query) => {
      const { text, params } = render(query, dollar);
      return guarded(async () => (await client.query(text, params)).rows);
    },
    run: async (query) => {
      const { text, params } = render(query, dollar);
      return guarded(async () => (await client.query(text, params)).rowCount ?? 0);
    },
    exec: async (text) => {
      await guarded(() => client.query(text));
    },
  };
}

/**
 * The driver: `$n` placeholders, a bounded pool, transactions on one pooled client. No request can
 * hang on the database: waiting for a connection, and each statement, have time limits, and a
 * connection the database dropped (a restart) is discarded, not reused.
 */
export function openPostgresDb(
  connectionString: string,
  limits: PostgresLimits = DEFAULT_POSTGRES_LIMITS,
  onIdleError: (error: Error) => void = () => {},
): Db {
  const pool = new pg.Pool({
    connectionString,
    max: limits.poolSize,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    // A database that stops answering without closing the socket: the client gives up a little later.
    query_timeout: limits.statementTimeoutMs + 1000,
  });
  // An idle connection the database closed (a restart): the pool drops it; without a listener the
  // 'error' event would stop the process.
  pool.on('error', onIdleError);
  return {
    ...wrap(pool),
    transaction: async (fn, options) => {
      const client = await guarded(() => pool.connect());
      let broken: unknown;
      // A checked-out client whose connection the database ends between two statements (a restart)
      // emits 'error'; without a listener that would stop the process. The statement in progress
      // fails on its own; the client is then destroyed, not returned.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await guarded(() => client.query('BEGIN'));
        if (options?.lock) await guarded(() => client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]));
        const inner: Db = { ...wrap(client), transaction: (f) => f(inner), close: async () => {} };
        const result = await fn(inner);
        await guarded(() => client.query('COMMIT'));
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError;
        }
        throw error;
      } finally {
        client.off('error', onError);
        // A connection that failed, or could not even roll back, is destroyed rather than reused.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}

export async function openPostgresStore(
  connectionString: string,
  limits?: PostgresLimits,
  onIdleError?: (error: Error) => void,
): Promise<SqlStore> {
  const store = new SqlStore(openPostgresDb(connectionString, limits, onIdleError));
  await store.migrate();
  return store;
}
