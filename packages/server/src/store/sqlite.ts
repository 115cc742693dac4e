/** Embedded default: node:sqlite (built into Node >= 22.13), in a file or `:memory:`. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type Db, type Param, SqlStore } from './sql-store.ts';

export async function openSqliteStore(filename: string): Promise<SqlStore> {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const database = new DatabaseSync(filename);
  database.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  // node:sqlite is synchronous, so each call is atomic with respect to the event loop; a
  // transaction runs its callback with no other statement in between as long as the callback
  // awaits only this driver, which resolves immediately.
  let depth = 0;
  const db: Db = {
    all: async (sql: string, params: Param[] = []) => prepare(sql).all(...params) as Record<string, unknown>[],
    run: async (sql: string, params: Param[] = []) => Number(prepare(sql).run(...params).changes),
    exec: async (sql: string) => database.exec(sql),
    transaction: async (fn) => {
      if (depth > 0) return fn(db);
      depth++;
      database.exec('BEGIN IMMEDIATE');
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
  const store = new SqlStore('sqlite', db);
  await store.migrate();
  return store;
}
