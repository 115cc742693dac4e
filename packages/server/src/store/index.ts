import { openPostgresStore, type PostgresLimits } from './postgres.ts';
import { openSqliteStore, type SqliteSynchronous } from './sqlite.ts';
import type { Store } from './types.ts';

export type { Store } from './types.ts';

/** PostgreSQL when a connection string is given, otherwise node:sqlite (a file, or `:memory:`). */
export function openStore(
  options: {
    databaseUrl?: string | undefined;
    sqliteFile: string;
    sqliteSynchronous?: SqliteSynchronous;
    postgres?: PostgresLimits;
  },
  onIdleError?: (error: Error) => void,
): Promise<Store> {
  return options.databaseUrl
    ? openPostgresStore(options.databaseUrl, options.postgres, onIdleError)
    : openSqliteStore(options.sqliteFile, options.sqliteSynchronous);
}
