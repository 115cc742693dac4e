/**
 * The Store, written once in SQL that both SQLite and PostgreSQL accept (`?` placeholders are
 * rewritten for PostgreSQL by its driver). The drivers in sqlite.ts and postgres.ts supply only
 * connections, transactions and locking.
 */
import { MIGRATIONS_TABLE, type Migration, migrations } from './migrations.ts';
import type {
  AndroidCommand,
  AndroidDevice,
  CancelOutcome,
  GraphCommand,
  GraphDevice,
  ListOptions,
  Organization,
  Page,
  SeedData,
  Store,
} from './types.ts';

type Row = Record<string, unknown>;
export type Param = string | number | null;

/** What a driver provides. */
export interface Db {
  all(sql: string, params?: Param[]): Promise<Row[]>;
  run(sql: string, params?: Param[]): Promise<number>;
  /** Runs `fn` in one transaction; for migrations, also under a lock that other processes respect. */
  transaction<T>(fn: (db: Db) => Promise<T>, options?: { lock?: boolean }): Promise<T>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const INSERT_ANDROID_COMMAND = `INSERT INTO android_commands (id, organization_id, device_id, emm_enterprise, mdm_user, type, status, request,
    user_name, amapi_operation, done, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_GRAPH_COMMAND = `INSERT INTO graph_commands (id, user_id, device_id, type, status, payload, app_service_name, package_family_name,
    post_back_uri, permission_ticket, error, response_payload, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const IN_FLIGHT = ['requesting', 'sentToTarget', 'executing'];

export class SqlStore implements Store {
  readonly kind: 'sqlite' | 'postgres';
  private readonly db: Db;
  constructor(kind: 'sqlite' | 'postgres', db: Db) {
    this.kind = kind;
    this.db = db;
  }

  /** Applies the migrations that are missing. Safe to call from several processes at once. */
  async migrate(): Promise<void> {
    await this.db.transaction(
      async (tx) => {
        await tx.exec(MIGRATIONS_TABLE);
        const applied = new Set((await tx.all('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
        for (const migration of migrations) {
          if (applied.has(migration.version)) continue;
          await tx.exec(migration[this.kind as keyof Pick<Migration, 'sqlite' | 'postgres'>]);
          await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
            migration.version,
            migration.name,
            new Date().toISOString(),
          ]);
        }
      },
      { lock: true },
    );
  }

  async migrations(): Promise<number[]> {
    return (await this.db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
  }

  async findOrganization(idOrSlug: string): Promise<Organization | undefined> {
    const [row] = await this.db.all('SELECT * FROM organizations WHERE id = ? OR slug = ?', [
      idOrSlug.toLowerCase(),
      idOrSlug,
    ]);
    return row && toOrganization(row);
  }

  async findAndroidDevice(organizationId: string, key: string): Promise<AndroidDevice | undefined> {
    const [row] = await this.db.all(
      `SELECT * FROM android_devices WHERE organization_id = ?
         AND (id = ? OR serial_number = ? OR imei = ? OR enrollment_specific_id = ?)
       ORDER BY id LIMIT 1`,
      [organizationId, key.toLowerCase(), key, key, key],
    );
    return row && toAndroidDevice(row);
  }

  async insertAndroidCommand(command: AndroidCommand): Promise<void> {
    await this.db.run(INSERT_ANDROID_COMMAND, androidParams(command));
  }

  async getAndroidCommand(organizationId: string, deviceId: string, commandId: string) {
    const [row] = await this.db.all(
      'SELECT * FROM android_commands WHERE id = ? AND organization_id = ? AND device_id = ?',
      [commandId.toLowerCase(), organizationId, deviceId],
    );
    return row && toAndroidCommand(row);
  }

  async listAndroidCommands(organizationId: string, deviceId: string, o: ListOptions): Promise<Page<AndroidCommand>> {
    const column = o.sortField === 'updatedAt' ? 'updated_at' : 'created_at';
    const direction = o.sortDirection === 'asc' ? 'ASC' : 'DESC';
    const rows = await this.db.all(
      `SELECT * FROM android_commands WHERE organization_id = ? AND device_id = ?
       ORDER BY ${column} ${direction}, id ${direction} LIMIT ? OFFSET ?`,
      [organizationId, deviceId, o.limit, o.offset],
    );
    const [count] = await this.db.all(
      'SELECT COUNT(*) AS n FROM android_commands WHERE organization_id = ? AND device_id = ?',
      [organizationId, deviceId],
    );
    return { items: rows.map(toAndroidCommand), total: Number(count?.n ?? 0) };
  }

  async cancelAndroidCommand(
    organizationId: string,
    deviceId: string,
    commandId: string,
    now: string,
  ): Promise<CancelOutcome> {
    const id = commandId.toLowerCase();
    const [row] = await this.db.all(
      `UPDATE android_commands SET status = 'CANCEL', done = 1, updated_at = ?
       WHERE id = ? AND organization_id = ? AND device_id = ? AND status = 'PENDING' RETURNING *`,
      [now, id, organizationId, deviceId],
    );
    if (row) return { outcome: 'cancelled', command: toAndroidCommand(row) };
    const existing = await this.getAndroidCommand(organizationId, deviceId, id);
    return { outcome: existing ? 'not-pending' : 'not-found' };
  }

  async completeDueAndroidCommands(createdSince: string, createdBefore: string, now: string): Promise<number> {
    return this.db.run(
      `UPDATE android_commands SET status = 'DONE', done = 1, updated_at = ?
       WHERE status = 'PENDING' AND created_at >= ? AND created_at <= ?`,
      [now, createdSince, createdBefore],
    );
  }

  async listGraphDevices(userId: string): Promise<GraphDevice[]> {
    return (await this.db.all('SELECT * FROM graph_devices WHERE user_id = ? ORDER BY name, id', [userId])).map(
      toGraphDevice,
    );
  }

  async findGraphDevice(userId: string, deviceId: string): Promise<GraphDevice | undefined> {
    const [row] = await this.db.all('SELECT * FROM graph_devices WHERE user_id = ? AND lower(id) = ?', [
      userId,
      deviceId.toLowerCase(),
    ]);
    return row && toGraphDevice(row);
  }

  async insertGraphCommand(command: GraphCommand): Promise<void> {
    await this.db.run(INSERT_GRAPH_COMMAND, graphParams(command));
  }

  async getGraphCommand(userId: string, deviceId: string, commandId: string) {
    const [row] = await this.db.all(
      'SELECT * FROM graph_commands WHERE user_id = ? AND device_id = ? AND upper(id) = ?',
      [userId, deviceId, commandId.toUpperCase()],
    );
    return row && toGraphCommand(row);
  }

  async dueGraphCommands(createdSince: string, updatedBefore: string): Promise<GraphCommand[]> {
    const rows = await this.db.all(
      `SELECT * FROM graph_commands WHERE status IN (?, ?, ?) AND created_at >= ? AND updated_at <= ?
       ORDER BY updated_at, id`,
      [...IN_FLIGHT, createdSince, updatedBefore],
    );
    return rows.map(toGraphCommand);
  }

  async advanceGraphCommand(
    id: string,
    from: string,
    to: Pick<GraphCommand, 'status' | 'error' | 'responsePayload'>,
    now: string,
  ): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE graph_commands SET status = ?, error = ?, response_payload = ?, updated_at = ? WHERE id = ? AND status = ?',
      [to.status, to.error, json(to.responsePayload), now, id, from],
    );
    return changed === 1;
  }

  async seed(data: SeedData): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const o of data.organizations) {
        await tx.run(
          `INSERT INTO organizations (id, slug, name, plan, emm_enterprise, amapi_enterprise) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
          [o.id, o.slug, o.name, o.plan, o.emmEnterprise, o.amapiEnterprise],
        );
      }
      for (const d of data.androidDevices) {
        await tx.run(
          `INSERT INTO android_devices (id, organization_id, serial_number, imei, enrollment_specific_id, mdm_user, amapi_name)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [d.id, d.organizationId, d.serialNumber, d.imei, d.enrollmentSpecificId, d.mdmUser, d.amapiName],
        );
      }
      for (const c of data.androidCommands) {
        await tx.run(`${INSERT_ANDROID_COMMAND} ON CONFLICT DO NOTHING`, androidParams(c));
      }
      for (const d of data.graphDevices) {
        await tx.run(
          `INSERT INTO graph_devices (id, user_id, name, status, platform, kind, model, manufacturer)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [d.id, d.userId, d.name, d.status, d.platform, d.kind, d.model, d.manufacturer],
        );
      }
      for (const c of data.graphCommands) {
        await tx.run(`${INSERT_GRAPH_COMMAND} ON CONFLICT DO NOTHING`, graphParams(c));
      }
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
const parse = (value: unknown) =>
  value === null || value === undefined ? null : (JSON.parse(String(value)) as Record<string, unknown>);
const str = (value: unknown) => (value === null || value === undefined ? null : String(value));

function androidParams(c: AndroidCommand): Param[] {
  return [
    c.id,
    c.organizationId,
    c.deviceId,
    c.emmEnterprise,
    c.mdmUser,
    c.type,
    c.status,
    JSON.stringify(c.request),
    c.userName,
    c.amapiOperation,
    c.done ? 1 : 0,
    c.createdAt,
    c.updatedAt,
  ];
}

function graphParams(c: GraphCommand): Param[] {
  return [
    c.id,
    c.userId,
    c.deviceId,
    c.type,
    c.status,
    json(c.payload),
    c.appServiceName,
    c.packageFamilyName,
    c.postBackUri,
    c.permissionTicket,
    c.error,
    json(c.responsePayload),
    c.createdAt,
    c.updatedAt,
  ];
}

function toOrganization(r: Row): Organization {
  return {
    id: String(r.id),
    slug: String(r.slug),
    name: String(r.name),
    plan: r.plan === 'free' ? 'free' : 'enterprise',
    emmEnterprise: String(r.emm_enterprise),
    amapiEnterprise: String(r.amapi_enterprise),
  };
}

function toAndroidDevice(r: Row): AndroidDevice {
  return {
    id: String(r.id),
    organizationId: String(r.organization_id),
    serialNumber: str(r.serial_number),
    imei: str(r.imei),
    enrollmentSpecificId: str(r.enrollment_specific_id),
    mdmUser: str(r.mdm_user),
    amapiName: String(r.amapi_name),
  };
}

function toAndroidCommand(r: Row): AndroidCommand {
  return {
    id: String(r.id),
    organizationId: String(r.organization_id),
    deviceId: String(r.device_id),
    emmEnterprise: String(r.emm_enterprise),
    mdmUser: str(r.mdm_user),
    type: String(r.type),
    status: String(r.status) as AndroidCommand['status'],
    request: parse(r.request) ?? {},
    userName: String(r.user_name),
    amapiOperation: String(r.amapi_operation),
    done: Number(r.done) === 1,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function toGraphDevice(r: Row): GraphDevice {
  return {
    id: String(r.id),
    userId: String(r.user_id),
    name: str(r.name),
    status: str(r.status),
    platform: str(r.platform),
    kind: str(r.kind),
    model: str(r.model),
    manufacturer: str(r.manufacturer),
  };
}

function toGraphCommand(r: Row): GraphCommand {
  return {
    id: String(r.id),
    userId: String(r.user_id),
    deviceId: String(r.device_id),
    type: String(r.type),
    status: String(r.status),
    payload: parse(r.payload),
    appServiceName: str(r.app_service_name),
    packageFamilyName: str(r.package_family_name),
    postBackUri: str(r.post_back_uri),
    permissionTicket: str(r.permission_ticket),
    error: str(r.error),
    responsePayload: parse(r.response_payload),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}
