/** Microsoft Graph device commands: the users' devices and the commands sent to them. */
import { FoundCache } from './cache.ts';
import { type Db, json, list, type Param, parseJson, type Row, raw, rows, type Sql, sql, str } from './db.ts';
import type { GraphCommand, GraphDevice, SeedData } from './types.ts';

// The statuses of a command in flight, written as literals: the partial index graph_commands_in_flight
// (migration 3) has the same predicate, and a planner can match literals, not bound parameters.
const IN_FLIGHT = raw("status IN ('requesting', 'sentToTarget', 'executing')");

const insertCommand = (c: GraphCommand): Sql =>
  sql`INSERT INTO graph_commands (id, user_id, device_id, type, status, payload, app_service_name, package_family_name,
    post_back_uri, permission_ticket, error, response_payload, created_at, updated_at)
  VALUES (${list(commandParams(c))})`;

export class GraphRepository {
  private readonly db: Db;
  private readonly devices = new FoundCache<GraphDevice>();
  constructor(db: Db) {
    this.db = db;
  }

  async listDevices(userId: string): Promise<GraphDevice[]> {
    return (await this.db.all(sql`SELECT * FROM graph_devices WHERE user_id = ${userId} ORDER BY name, id`)).map(
      toDevice,
    );
  }

  /** One of the user's devices (cached for a few seconds once found: see cache.ts). */
  findDevice(userId: string, deviceId: string): Promise<GraphDevice | undefined> {
    return this.devices.get(`${userId}\n${deviceId}`, async () => {
      const [row] = await this.db.all(
        // Stored in lower case (the seed writes them so): the primary key answers.
        sql`SELECT * FROM graph_devices WHERE id = ${deviceId.toLowerCase()} AND user_id = ${userId}`,
      );
      return row && toDevice(row);
    });
  }

  async insertCommand(command: GraphCommand): Promise<void> {
    await this.db.run(insertCommand(command));
  }

  /** Many commands in one transaction, `rowsPerStatement` rows a multi-row INSERT (14 parameters a row). */
  async insertCommands(commands: readonly GraphCommand[], rowsPerStatement = 1000): Promise<void> {
    if (commands.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < commands.length; i += rowsPerStatement) {
        await tx.run(sql`INSERT INTO graph_commands (id, user_id, device_id, type, status, payload, app_service_name,
          package_family_name, post_back_uri, permission_ticket, error, response_payload, created_at, updated_at)
          VALUES ${rows(commands.slice(i, i + rowsPerStatement).map(commandParams))}`);
      }
    });
  }

  async getCommand(userId: string, deviceId: string, commandId: string): Promise<GraphCommand | undefined> {
    const [row] = await this.db.all(
      sql`SELECT * FROM graph_commands
       WHERE id = ${commandId.toUpperCase()} AND user_id = ${userId} AND device_id = ${deviceId}`,
    );
    return row && toCommand(row);
  }

  /** Commands in flight (`requesting`, `sentToTarget`, `executing`) created since `createdSince`, last changed at or before `updatedBefore`. */
  async dueCommands(createdSince: string, updatedBefore: string): Promise<GraphCommand[]> {
    const rows = await this.db.all(
      sql`SELECT * FROM graph_commands
       WHERE ${IN_FLIGHT} AND created_at >= ${createdSince} AND updated_at <= ${updatedBefore}
       ORDER BY updated_at, id`,
    );
    return rows.map(toCommand);
  }

  /** Moves a command from one status to the next, only if it is still in `from` (compare-and-set). */
  async advanceCommand(
    id: string,
    from: string,
    to: Pick<GraphCommand, 'status' | 'error' | 'responsePayload'>,
    now: string,
  ): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE graph_commands
       SET status = ${to.status}, error = ${to.error}, response_payload = ${json(to.responsePayload)}, updated_at = ${now}
       WHERE id = ${id} AND status = ${from}`,
    );
    return changed === 1;
  }

  /** Inserts the family's seed rows that are missing (in the caller's transaction). */
  async seed(data: SeedData): Promise<void> {
    for (const d of data.graphDevices) {
      await this.db.run(
        sql`INSERT INTO graph_devices (id, user_id, name, status, platform, kind, model, manufacturer)
           VALUES (${list([d.id.toLowerCase(), d.userId, d.name, d.status, d.platform, d.kind, d.model, d.manufacturer])})
           ON CONFLICT DO NOTHING`,
      );
    }
    for (const c of data.graphCommands) await this.db.run(sql`${insertCommand(c)} ON CONFLICT DO NOTHING`);
  }
}

function commandParams(c: GraphCommand): Param[] {
  return [
    // Graph command ids are compared in upper case (getCommand): stored so, the primary key answers.
    c.id.toUpperCase(),
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

function toDevice(r: Row): GraphDevice {
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

function toCommand(r: Row): GraphCommand {
  return {
    id: String(r.id),
    userId: String(r.user_id),
    deviceId: String(r.device_id),
    type: String(r.type),
    status: String(r.status),
    payload: parseJson(r.payload),
    appServiceName: str(r.app_service_name),
    packageFamilyName: str(r.package_family_name),
    postBackUri: str(r.post_back_uri),
    permissionTicket: str(r.permission_ticket),
    error: str(r.error),
    responsePayload: parseJson(r.response_payload),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}
