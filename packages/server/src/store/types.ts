/** What the reference implementation stores, and the one interface both databases implement. */
import type { Repositories } from './repositories.ts';

export const ANDROID_COMMAND_STATUSES = ['PENDING', 'DONE', 'CANCEL'] as const;
export type AndroidCommandStatus = (typeof ANDROID_COMMAND_STATUSES)[number];

export interface Organization {
  id: string;
  slug: string;
  name: string;
  /** `free` organizations lack the MDM feature: every Android operation answers 5050. */
  plan: 'enterprise' | 'free';
  emmEnterprise: string;
  /** AMAPI enterprise name, such as `enterprises/LC04z6vydu`. */
  amapiEnterprise: string;
}

export interface AndroidDevice {
  id: string;
  organizationId: string;
  serialNumber: string | null;
  imei: string | null;
  enrollmentSpecificId: string | null;
  mdmUser: string | null;
  /** AMAPI device name, such as `enterprises/LC04z6vydu/devices/3a1b2c4d5e6f7a8b`. */
  amapiName: string;
}

export interface AndroidCommand {
  id: string;
  organizationId: string;
  deviceId: string;
  emmEnterprise: string;
  mdmUser: string | null;
  type: string;
  status: AndroidCommandStatus;
  /** The create request body, as sent. */
  request: Record<string, unknown>;
  userName: string;
  amapiOperation: string;
  done: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface GraphDevice {
  id: string;
  userId: string;
  name: string | null;
  status: string | null;
  platform: string | null;
  kind: string | null;
  model: string | null;
  manufacturer: string | null;
}

export interface GraphCommand {
  id: string;
  userId: string;
  deviceId: string;
  type: string;
  status: string;
  payload: Record<string, unknown> | null;
  appServiceName: string | null;
  packageFamilyName: string | null;
  postBackUri: string | null;
  permissionTicket: string | null;
  error: string | null;
  responsePayload: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ListOptions {
  offset: number;
  limit: number;
  sortField: 'createdAt' | 'updatedAt';
  sortDirection: 'asc' | 'desc';
}

export type CancelOutcome =
  | { outcome: 'cancelled'; command: AndroidCommand }
  | { outcome: 'not-pending' | 'not-found' };

export interface SeedData {
  organizations: Organization[];
  androidDevices: AndroidDevice[];
  androidCommands: AndroidCommand[];
  graphDevices: GraphDevice[];
  graphCommands: GraphCommand[];
}

/**
 * What the handlers and the agent use: one repository per family (store/repositories.ts) plus the
 * lifecycle. Every query of every repository is index-backed on both databases (migrations.ts).
 */
export interface Store extends Repositories {
  readonly kind: 'sqlite' | 'postgres';
  /** Inserts the seed rows that are missing; rows that exist are left as they are. */
  seed(data: SeedData): Promise<void>;
  /** Deletes every row (the sandbox's `--reset`); the schema stays. */
  reset(): Promise<void>;
  /** The applied migration versions, oldest first. */
  migrations(): Promise<number[]>;
  close(): Promise<void>;
}

/**
 * The database cannot answer now (unreachable, restarting, too slow, or every connection busy):
 * the request is answered 503 with `Retry-After`, not 500. The drivers raise it; nothing was done.
 */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
}
