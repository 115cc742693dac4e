/**
 * Commands in bulk, for benchmarks, demos and the query-plan test: deterministic (the n-th command
 * is always the same), spread over the seeded devices of both families, mostly finished (DONE,
 * completed) as in a store that has run for a while, with timestamps before the seed's own.
 */

import type { Repositories } from './repositories.ts';
import { launchUri, SEED } from './seed.ts';
import type { AndroidCommand, GraphCommand } from './types.ts';

const DAY = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00.000Z');

const androidDevices = [
  { organizationId: SEED.organization.id, deviceId: SEED.device.id },
  { organizationId: SEED.otherOrganization.id, deviceId: SEED.otherDevice.id },
];
const graphDevices = [
  { userId: SEED.graphUser, deviceId: SEED.graphDevices.laptop },
  { userId: SEED.graphUser, deviceId: SEED.graphDevices.phone },
];

/** The n-th bulk Android command (ids `b0…`, never a seed id). */
export function bulkAndroidCommand(n: number): AndroidCommand {
  const device = androidDevices[n % androidDevices.length] ?? androidDevices[0];
  const created = new Date(START + (n % 365) * DAY + n).toISOString();
  const updated = new Date(START + (n % 365) * DAY + n + 5_000).toISOString();
  const pending = n % 100 === 0;
  return {
    id: `b0${n.toString(16).padStart(22, '0')}`,
    organizationId: device?.organizationId ?? '',
    deviceId: device?.deviceId ?? '',
    emmEnterprise: '65a1f0c2e4b0a1b2c3d4e5f7',
    mdmUser: null,
    type: n % 2 ? 'LOCK' : 'REBOOT',
    status: pending ? 'PENDING' : 'DONE',
    request: { type: n % 2 ? 'LOCK' : 'REBOOT' },
    userName: 'enterprises/LC04z6vydu/users/109876543210',
    amapiOperation: `enterprises/LC04z6vydu/devices/3a1b2c4d5e6f7a8b/operations/b${n}`,
    done: !pending,
    createdAt: created,
    updatedAt: pending ? created : updated,
  };
}

/** The n-th bulk Graph command (ids `B0…`, upper case as stored). */
export function bulkGraphCommand(n: number): GraphCommand {
  const device = graphDevices[n % graphDevices.length] ?? graphDevices[0];
  const created = new Date(START + (n % 365) * DAY + n).toISOString();
  return {
    id: `B0${n.toString(16).toUpperCase().padStart(47, '0')}`,
    userId: device?.userId ?? '',
    deviceId: device?.deviceId ?? '',
    status: 'completed',
    ...launchUri,
    error: null,
    responsePayload: null,
    createdAt: created,
    updatedAt: new Date(Date.parse(created) + 9_000).toISOString(),
  };
}

/**
 * Inserts bulk commands `from` … `from + ⌈total/2⌉ - 1` of each family, `batch` rows a transaction
 * (a commit waits for the disk, so few large ones). Returns how many were inserted per family, or 0
 * when the first of them is already stored (a second run from the same `from` would collide).
 */
export async function insertBulk(
  store: Repositories,
  { total, from = 0, batch = 50_000 }: { total: number; from?: number; batch?: number },
): Promise<number> {
  const first = bulkAndroidCommand(from);
  if (await store.android.getCommand(first.organizationId, first.deviceId, first.id)) return 0;
  const perFamily = Math.ceil(total / 2);
  for (let i = from; i < from + perFamily; i += batch) {
    const n = Array.from({ length: Math.min(batch, from + perFamily - i) }, (_, k) => i + k);
    await store.android.insertCommands(n.map(bulkAndroidCommand));
    await store.graph.insertCommands(n.map(bulkGraphCommand));
  }
  return perFamily;
}
