/** Android Enterprise commands: organizations, their devices and the devices' commands. */
import { FoundCache } from './cache.ts';
import { type Db, list, type Param, parseJson, type Row, raw, rows, type Sql, sql, str } from './db.ts';
import type {
  AndroidCommand,
  AndroidDevice,
  CancelOutcome,
  ListOptions,
  Organization,
  Page,
  SeedData,
} from './types.ts';

const insertCommand = (c: AndroidCommand): Sql =>
  sql`INSERT INTO android_commands (id, organization_id, device_id, emm_enterprise, mdm_user, type, status, request,
    user_name, amapi_operation, done, created_at, updated_at)
  VALUES (${list(commandParams(c))})`;

const countOne = (c: AndroidCommand): Sql =>
  sql`INSERT INTO android_device_command_counts (organization_id, device_id, commands)
  VALUES (${c.organizationId}, ${c.deviceId}, 1)
  ON CONFLICT (organization_id, device_id) DO UPDATE SET commands = android_device_command_counts.commands + 1`;

export class AndroidRepository {
  private readonly db: Db;
  private readonly organizations = new FoundCache<Organization>();
  private readonly devices = new FoundCache<AndroidDevice>();
  constructor(db: Db) {
    this.db = db;
  }

  /** An organization by id or slug (cached for a few seconds once found: see cache.ts). */
  findOrganization(idOrSlug: string): Promise<Organization | undefined> {
    return this.organizations.get(idOrSlug, async () => {
      const [row] = await this.db.all(
        sql`SELECT * FROM organizations WHERE id = ${idOrSlug.toLowerCase()} OR slug = ${idOrSlug}`,
      );
      return row && toOrganization(row);
    });
  }

  /** A device of the organization, by id, serial number, IMEI or enrollment-specific id (cached once found). */
  findDevice(organizationId: string, key: string): Promise<AndroidDevice | undefined> {
    return this.devices.get(`${organizationId}\n${key}`, async () => {
      const [row] = await this.db.all(
        sql`SELECT * FROM android_devices WHERE organization_id = ${organizationId}
           AND (id = ${key.toLowerCase()} OR serial_number = ${key} OR imei = ${key} OR enrollment_specific_id = ${key})
         ORDER BY id LIMIT 1`,
      );
      return row && toDevice(row);
    });
  }

  /** Inserts a command and counts it for its device, in one transaction. */
  async insertCommand(command: AndroidCommand): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(insertCommand(command));
      await tx.run(countOne(command));
    });
  }

  /**
   * Many commands in one transaction, `rowsPerStatement` rows a multi-row INSERT (13 parameters a
   * row), and their devices' counts: the bulk seeder's path (`pnpm --filter @device-commands/server seed`).
   */
  async insertCommands(commands: readonly AndroidCommand[], rowsPerStatement = 1000): Promise<void> {
    if (commands.length === 0) return;
    const counts = new Map<string, { organizationId: string; deviceId: string; n: number }>();
    for (const c of commands) {
      const key = `${c.organizationId} ${c.deviceId}`;
      const entry = counts.get(key) ?? { organizationId: c.organizationId, deviceId: c.deviceId, n: 0 };
      entry.n++;
      counts.set(key, entry);
    }
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < commands.length; i += rowsPerStatement) {
        await tx.run(sql`INSERT INTO android_commands (id, organization_id, device_id, emm_enterprise, mdm_user, type,
          status, request, user_name, amapi_operation, done, created_at, updated_at)
          VALUES ${rows(commands.slice(i, i + rowsPerStatement).map(commandParams))}`);
      }
      for (const { organizationId, deviceId, n } of counts.values()) {
        await tx.run(sql`INSERT INTO android_device_command_counts (organization_id, device_id, commands)
          VALUES (${organizationId}, ${deviceId}, ${n})
          ON CONFLICT (organization_id, device_id) DO UPDATE SET commands = android_device_command_counts.commands + ${n}`);
      }
    });
  }

  async getCommand(organizationId: string, deviceId: string, commandId: string): Promise<AndroidCommand | undefined> {
    const [row] = await this.db.all(
      sql`SELECT * FROM android_commands
       WHERE id = ${commandId.toLowerCase()} AND organization_id = ${organizationId} AND device_id = ${deviceId}`,
    );
    return row && toCommand(row);
  }

  async listCommands(organizationId: string, deviceId: string, o: ListOptions): Promise<Page<AndroidCommand>> {
    const column = raw(o.sortField === 'updatedAt' ? 'updated_at' : 'created_at');
    const direction = raw(o.sortDirection === 'asc' ? 'ASC' : 'DESC');
    const rows = await this.db.all(
      sql`SELECT * FROM android_commands WHERE organization_id = ${organizationId} AND device_id = ${deviceId}
       ORDER BY ${column} ${direction}, id ${direction} LIMIT ${o.limit} OFFSET ${o.offset}`,
    );
    // The kept count (migration 2), not COUNT(*): a list's cost does not grow with the device's commands.
    const [count] = await this.db.all(
      sql`SELECT commands AS n FROM android_device_command_counts
       WHERE organization_id = ${organizationId} AND device_id = ${deviceId}`,
    );
    return { items: rows.map(toCommand), total: Number(count?.n ?? 0) };
  }

  /** PENDING → CANCEL, atomically: of concurrent cancels of one command, exactly one succeeds. */
  async cancelCommand(
    organizationId: string,
    deviceId: string,
    commandId: string,
    now: string,
  ): Promise<CancelOutcome> {
    const id = commandId.toLowerCase();
    const [row] = await this.db.all(
      sql`UPDATE android_commands SET status = 'CANCEL', done = 1, updated_at = ${now}
       WHERE id = ${id} AND organization_id = ${organizationId} AND device_id = ${deviceId} AND status = 'PENDING'
       RETURNING *`,
    );
    if (row) return { outcome: 'cancelled', command: toCommand(row) };
    const existing = await this.getCommand(organizationId, deviceId, id);
    return { outcome: existing ? 'not-pending' : 'not-found' };
  }

  /** PENDING commands created in [`createdSince`, `createdBefore`] → DONE. Returns how many changed. */
  async completeDueCommands(createdSince: string, createdBefore: string, now: string): Promise<number> {
    return this.db.run(
      sql`UPDATE android_commands SET status = 'DONE', done = 1, updated_at = ${now}
       WHERE status = 'PENDING' AND created_at >= ${createdSince} AND created_at <= ${createdBefore}`,
    );
  }

  /** Inserts the family's seed rows that are missing (in the caller's transaction). */
  async seed(data: SeedData): Promise<void> {
    for (const o of data.organizations) {
      await this.db.run(
        sql`INSERT INTO organizations (id, slug, name, plan, emm_enterprise, amapi_enterprise)
           VALUES (${list([o.id, o.slug, o.name, o.plan, o.emmEnterprise, o.amapiEnterprise])}) ON CONFLICT DO NOTHING`,
      );
    }
    for (const d of data.androidDevices) {
      await this.db.run(
        sql`INSERT INTO android_devices (id, organization_id, serial_number, imei, enrollment_specific_id, mdm_user, amapi_name)
           VALUES (${list([d.id, d.organizationId, d.serialNumber, d.imei, d.enrollmentSpecificId, d.mdmUser, d.amapiName])})
           ON CONFLICT DO NOTHING`,
      );
    }
    for (const c of data.androidCommands)
      if ((await this.db.run(sql`${insertCommand(c)} ON CONFLICT DO NOTHING`)) > 0) await this.db.run(countOne(c));
  }
}

function commandParams(c: AndroidCommand): Param[] {
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

function toDevice(r: Row): AndroidDevice {
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

function toCommand(r: Row): AndroidCommand {
  return {
    id: String(r.id),
    organizationId: String(r.organization_id),
    deviceId: String(r.device_id),
    emmEnterprise: String(r.emm_enterprise),
    mdmUser: str(r.mdm_user),
    type: String(r.type),
    status: String(r.status) as AndroidCommand['status'],
    request: parseJson(r.request) ?? {},
    userName: String(r.user_name),
    amapiOperation: String(r.amapi_operation),
    done: Number(r.done) === 1,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}
