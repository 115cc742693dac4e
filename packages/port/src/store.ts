/**
 * Where the port keeps its data: in memory, indexed by what every query looks up (a device's
 * commands by id and in creation order; a user's devices), so no request scans the whole store. Its
 * own seed: organizations, devices, users and tokens that share nothing with the reference server.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export type AndroidStatus = 'PENDING' | 'DONE' | 'CANCEL';
export interface AndroidCommand {
  id: string;
  organization: string;
  device: string;
  type: string;
  status: AndroidStatus;
  params: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** Creation order, for stable sorting when two commands share a timestamp. */
  seq: number;
}
export interface GraphCommand {
  id: string;
  device: string;
  status: string;
  type: string;
  payload: Record<string, unknown>;
  appServiceName: string | null;
  packageFamilyName: string | null;
  postBackUri: string | null;
  response?: Record<string, unknown> | undefined;
}
interface Organization {
  id: string;
  slug: string;
  /** Whether its plan includes commands (5050 when not). */
  plan: boolean;
  enterprise: string;
  devices: Map<string, AndroidCommand[]>;
}
/** A token: its family, its tenant (an organization's id, a user's name) and its grants. */
export interface Token {
  family: string;
  tenant: string;
  grants: string[];
}

const hex24 = () => randomBytes(12).toString('hex');
export const newGraphCommandId = () => randomBytes(16).toString('hex').toUpperCase();

export class Store {
  readonly organizations = new Map<string, Organization>();
  readonly androidById = new Map<string, AndroidCommand>();
  readonly graphDevices = new Map<
    string,
    { id: string; user: string; name: string; commands: Map<string, GraphCommand> }
  >();
  readonly userDevices = new Map<string, string[]>();
  readonly tokens = new Map<string, Token>();
  private seq = 0;

  organization(idOrSlug: string): Organization | undefined {
    const byId = this.organizations.get(idOrSlug.toLowerCase());
    if (byId) return byId;
    for (const o of this.organizations.values()) if (o.slug === idOrSlug) return o;
    return undefined;
  }

  addOrganization(slug: string, plan: boolean, devices: string[]): Organization {
    const org: Organization = { id: hex24(), slug, plan, enterprise: hex24(), devices: new Map() };
    for (const d of devices) org.devices.set(d, []);
    this.organizations.set(org.id, org);
    return org;
  }

  addAndroidCommand(
    org: Organization,
    device: string,
    type: string,
    params: Record<string, unknown>,
    status: AndroidStatus = 'PENDING',
  ): AndroidCommand {
    const now = new Date(Date.now() + this.seq).toISOString();
    const command: AndroidCommand = {
      id: hex24(),
      organization: org.id,
      device,
      type,
      status,
      params,
      createdAt: now,
      updatedAt: now,
      seq: this.seq++,
    };
    org.devices.get(device)?.push(command);
    this.androidById.set(command.id, command);
    return command;
  }

  addGraphDevice(user: string, name: string): string {
    const id = randomUUID();
    this.graphDevices.set(id, { id, user, name, commands: new Map() });
    this.userDevices.set(user, [...(this.userDevices.get(user) ?? []), id]);
    return id;
  }
}
