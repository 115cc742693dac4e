/** An in-process reference server on a fresh in-memory store, with strict response validation. */
import { afterEach, expect } from 'vitest';
import { DeviceAgent } from '../../src/agent/device-agent.ts';
import { DEMO_TOKENS, TokenRegistry } from '../../src/auth/tokens.ts';
import { createApp } from '../../src/http/app.ts';
import { memoryLogger } from '../../src/http/logger.ts';
import { SEED, seedData } from '../../src/store/seed.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/types.ts';

export { SEED };

export const TOKENS = {
  androidAdmin: 'demo-android-admin-token',
  androidViewer: 'demo-android-viewer-token',
  androidOther: 'demo-android-globex-token',
  androidFree: 'demo-android-free-plan-token',
  graphAna: 'demo-graph-ana-token-0001',
  graphAnaRead: 'demo-graph-ana-read-only',
  graphBob: 'demo-graph-bob-token-0001',
} as const;

export const ANDROID = '/applivery/v1';
export const GRAPH = '/graph/beta';
export const DEVICE_PATH = `${ANDROID}/organizations/${SEED.organization.id}/mdm/android/enterprise/devices/${SEED.device.id}`;
export const GRAPH_DEVICE_PATH = `${GRAPH}/me/devices/${SEED.graphDevices.laptop}`;

export interface Harness {
  request(
    method: string,
    path: string,
    init?: { token?: string | null | undefined; body?: unknown; headers?: Record<string, string> | undefined },
  ): Promise<Response>;
  store: Store;
  agent: DeviceAgent;
  clock: { now: Date; advance(ms: number): void };
  logs: ReturnType<typeof memoryLogger>['records'];
  violations: ReturnType<typeof createApp>['violations'];
}

export async function harness(options: { store?: Store; agentDelayMs?: number } = {}): Promise<Harness> {
  const store = options.store ?? (await openSqliteStore(':memory:'));
  await store.seed(seedData());
  const logger = memoryLogger();
  const clock = {
    now: new Date('2026-11-21T10:00:00.000Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const now = () => clock.now;
  const { app, violations } = createApp({
    store,
    tokens: new TokenRegistry(DEMO_TOKENS),
    logger,
    responseValidation: 'strict',
    now,
  });
  const agent = new DeviceAgent({ store, delayMs: options.agentDelayMs ?? 1000, now });
  // Every test that uses a harness also proves that no response broke the contract.
  afterEach(() => {
    expect(violations, 'response-validation violations').toEqual([]);
  });
  return {
    store,
    agent,
    clock,
    logs: logger.records,
    violations,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token !== null && init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    },
  };
}
