/** The client and the reference server agree: in process, no network, every operation once. */
import {
  createApp,
  DEMO_TOKENS,
  memoryLogger,
  openSqliteStore,
  SEED,
  seedData,
  TokenRegistry,
} from '@device-commands/server';
import { loadDereferencedSpec } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import { type ApiError, createAndroidClient, createGraphClient } from '../src/index.ts';
import { createValidator } from '../src/validation.ts';

const store = await openSqliteStore(':memory:');
await store.seed(seedData());
const { app, violations } = createApp({
  store,
  tokens: new TokenRegistry(DEMO_TOKENS),
  logger: memoryLogger(),
  responseValidation: 'strict',
});
const fetch = async (request: Request) => app.fetch(request);
const validateResponses = createValidator(loadDereferencedSpec());
const android = createAndroidClient({
  baseUrl: 'http://local/applivery/v1',
  token: 'demo-android-admin-token',
  fetch,
  validateResponses,
});
const graph = createGraphClient({
  baseUrl: 'http://local/graph/beta',
  token: 'demo-graph-ana-token-0001',
  fetch,
  validateResponses,
});
const device = { organizationId: SEED.organization.slug, emmDeviceId: SEED.device.serialNumber };
const COMMANDS = '/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands';

describe('the client against the reference server', () => {
  it('creates, gets, lists and cancels an Android command', async () => {
    const created = await android.POST(COMMANDS, { params: { path: device }, body: { type: 'LOCK', duration: '60s' } });
    if (created.status !== 200) throw new Error(`create answered ${created.status}`);
    const emmCommandId = created.data.data.id;
    const got = await android.GET(`${COMMANDS}/{emmCommandId}`, { params: { path: { ...device, emmCommandId } } });
    expect(got.status === 200 && got.data.data.status).toBe('PENDING');
    const list = await android.GET(COMMANDS, { params: { path: device, query: { limit: 1 } } });
    expect(list.status === 200 && list.data.data.items.map((c) => c.id)).toEqual([emmCommandId]);
    const cancelled = await android.POST(`${COMMANDS}/{emmCommandId}/cancel`, {
      params: { path: { ...device, emmCommandId } },
    });
    expect(cancelled.status === 200 && cancelled.data.data.status).toBe('CANCEL');
    const again = await android.POST(`${COMMANDS}/{emmCommandId}/cancel`, {
      params: { path: { ...device, emmCommandId } },
    });
    expect(again.status === 400 && again.error.error.code).toBe(5052);
  });

  it('lists devices, sends a Graph command and reads its status and a payload', async () => {
    const devices = await graph.GET('/me/devices');
    expect(devices.status === 200 && devices.data.value.length).toBe(2);
    const sent = await graph.POST('/me/devices/{device-id}/commands', {
      params: { path: { 'device-id': SEED.graphDevices.laptop } },
      body: { type: 'LaunchUri', payload: { uri: 'https://bing.com' } },
    });
    expect(sent.status).toBe(201);
    const path = { 'device-id': SEED.graphDevices.laptop, 'command-id': SEED.graphCommands.completed };
    const status = await graph.GET('/me/devices/{device-id}/commands/{command-id}', { params: { path } });
    expect(status.status === 200 && status.data.status).toBe('completed');
    const payload = await graph.GET('/me/devices/{device-id}/commands/{command-id}/responsePayload', {
      params: { path },
    });
    expect(payload.status === 200 && payload.data.Type).toBe('Ok');
  });

  it('throws the server’s error as an ApiError with its request id', async () => {
    const strict = createAndroidClient({
      baseUrl: 'http://local/applivery/v1',
      token: 'demo-android-viewer-token',
      fetch,
      throwOnError: true,
    });
    const error = (await strict
      .POST(COMMANDS, { params: { path: device }, body: { type: 'LOCK' } })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ family: 'android', status: 403, code: 4003 });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(violations).toEqual([]);
  });
});
