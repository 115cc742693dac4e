/** Embedded default: node:sqlite (built into Node >= 22.13), in a file or `:memory:`. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type Db, render, type Sql } from './db.ts';
import { SqlStore } from './sql-store.ts';
import { StoreUnavailable } from './types.ts';

/** SQLITE_BUSY and SQLITE_LOCKED (another writer held the file past busy_timeout): 503, not 500. */
function classifySqliteError(error: unknown): unknown {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  if (typeof errcode === 'number' && ((errcode & 0xff) === 5 || (errcode & 0xff) === 6))
    return new StoreUnavailable(`SQLite busy: ${(error as Error).message}`, { cause: error });
  return error;
}

function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw classifySqliteError(error);
  }
}

/**
 * When a commit is on disk (SQLite's `synchronous`, in WAL mode):
 *   full    every commit waits for fsync of the WAL: an acknowledged write survives a killed process
 *           and a power loss (the default)
 *   normal  the WAL is synced at checkpoints only: an acknowledged write survives a killed process
 *           (the OS has it), but the last commits before a power loss may be lost; more creates per second
 */
export type SqliteSynchronous = 'full' | 'normal';

/** The driver: `?` placeholders, one prepared statement per query text. */
export function openSqliteDb(filename: string, synchronous: SqliteSynchronous = 'full'): Db {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const database = new DatabaseSync(filename);
  database.exec(
    `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;`,
  );
  const statements = new Map<string, StatementSync>();
  const prepare = (query: Sql) => {
    const { text, params } = render(query, () => '?');
    let statement = statements.get(text);
    if (!statement) {
      statement = database.prepare(text);
      statements.set(text, statement);
    }
    return { statement, params };
  };
  // node:sqlite is synchronous, so each call is atomic with respect to the event loop; a
  // transaction runs its callback with no other statement in between as long as the callback
  // awaits only this driver, which resolves immediately.
  let depth = 0;
  const db: Db = {
    dialect: 'sqlite',
    all: async (query) => {
      const { statement, params } = prepare(query);
      return guarded(() => statement.all(...params) as Record<string, unknown>[]);
    },
    run: async (query) => {
      const { statement, params } = prepare(query);
      return guarded(() => Number(statement.run(...params).changes));
    },
    exec: async (text) => database.exec(text),
    transaction: async (fn) => {
      if (depth > 0) return fn(db);
      depth++;
      guarded(() => database.exec('BEGIN IMMEDIATE'));
      try {
        const result = await fn(db);
        database.exec('COMMIT');
        return result;
      } catch (error) {
        database.exec('ROLLBACK');
        throw error;
      } finally {
        depth--;
      }
    },
    close: async () => database.close(),
  };
  return db;
}

export async function openSqliteStore(filename: string, synchronous: SqliteSynchronous = 'full'): Promise<SqlStore> {
  const store = new SqlStore(openSqliteDb(filename, synchronous));
  await store.migrate();
  return store;
}
