/**
 * The Store: the lifecycle (migrations, seed, close) plus one repository per family, all written once
 * in SQL that both SQLite and PostgreSQL accept. The drivers in sqlite.ts and postgres.ts supply
 * connections, transactions, locking and their dialect's placeholders (db.ts).
 */
import { type Db, sql } from './db.ts';
import { MIGRATIONS_TABLE, type Migration, migrations } from './migrations.ts';
import { REPOSITORIES, type Repositories } from './repositories.ts';
import type { SeedData, Store } from './types.ts';

export class SqlStore implements Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly android: Repositories['android'];
  readonly graph: Repositories['graph'];
  private readonly db: Db;
  constructor(db: Db) {
    this.kind = db.dialect;
    this.db = db;
    this.android = new REPOSITORIES.android(db);
    this.graph = new REPOSITORIES.graph(db);
  }

  /** Applies the migrations that are missing. Safe to call from several processes at once. */
  async migrate(): Promise<void> {
    await this.db.transaction(
      async (tx) => {
        await tx.exec(MIGRATIONS_TABLE);
        const applied = new Set(
          (await tx.all(sql`SELECT version FROM schema_migrations`)).map((r) => Number(r.version)),
        );
        for (const migration of migrations) {
          if (applied.has(migration.version)) continue;
          await tx.exec(migration[this.kind as keyof Pick<Migration, 'sqlite' | 'postgres'>]);
          await tx.run(
            sql`INSERT INTO schema_migrations (version, name, applied_at)
                VALUES (${migration.version}, ${migration.name}, ${new Date().toISOString()})`,
          );
        }
      },
      { lock: true },
    );
  }

  async migrations(): Promise<number[]> {
    return (await this.db.all(sql`SELECT version FROM schema_migrations ORDER BY version`)).map((r) =>
      Number(r.version),
    );
  }

  /** Inserts the seed rows that are missing, family by family, in one transaction. */
  async seed(data: SeedData): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const family of Object.keys(REPOSITORIES) as (keyof typeof REPOSITORIES)[])
        await new REPOSITORIES[family](tx).seed(data);
    });
  }

  /**
   * Deletes every row of every table the migrations create (newest table first, so no row outlives
   * what it refers to), in one transaction; the schema and its migrations stay.
   */
  async reset(): Promise<void> {
    const tables = migrations.flatMap((m) =>
      [...m[this.kind].matchAll(/CREATE TABLE (\w+)/g)].map((match) => match[1] as string),
    );
    await this.db.transaction(async (tx) => {
      for (const table of tables.reverse()) await tx.exec(`DELETE FROM ${table}`);
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
