/**
 * Per-call overhead of the client, with fetch stubbed (openapi-fetch's own benchmark method): our
 * client against bare openapi-fetch and against raw fetch, interleaved, medians of several rounds.
 */
import { createAndroidClient, type paths } from '@device-commands/client';
import createClient from 'openapi-fetch';
import { median, round } from './stats.ts';

const BASE = 'http://bench.local/applivery/v1';
const PATH = '/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands/{emmCommandId}';
const params = {
  path: { organizationId: 'acme-robotics', emmDeviceId: 'R58N123ABCD', emmCommandId: '65a1f0c2e4b0a1b2c3d4e702' },
};
const body = JSON.stringify({ status: true, data: { id: '65a1f0c2e4b0a1b2c3d4e702', status: 'DONE' } });
const stub = async (_request: Request) =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });

export interface ClientResult {
  variant: string;
  opsPerSecond: number;
  rounds: number[];
}

export async function benchClient(options: { rounds: number; calls: number }): Promise<ClientResult[]> {
  const ours = createAndroidClient({ baseUrl: BASE, token: 'token', fetch: stub });
  const bare = createClient<paths>({ baseUrl: BASE, fetch: stub, headers: { authorization: 'Bearer token' } });
  const url = `${BASE}/organizations/acme-robotics/mdm/android/enterprise/devices/R58N123ABCD/commands/65a1f0c2e4b0a1b2c3d4e702`;
  const variants: [string, () => Promise<unknown>][] = [
    [
      'raw fetch (stubbed)',
      async () => (await stub(new Request(url, { headers: { authorization: 'Bearer token' } }))).json(),
    ],
    ['bare openapi-fetch', () => bare.GET(PATH, { params })],
    ['@device-commands/client', () => ours.GET(PATH, { params })],
  ];
  for (const [, call] of variants) for (let i = 0; i < 2000; i++) await call();
  const samples = new Map<string, number[]>();
  for (let r = 0; r < options.rounds; r++) {
    for (const [name, call] of variants) {
      const started = performance.now();
      for (let i = 0; i < options.calls; i++) await call();
      samples.set(name, [...(samples.get(name) ?? []), (options.calls / (performance.now() - started)) * 1000]);
    }
  }
  return variants.map(([variant]) => {
    const rounds = samples.get(variant) ?? [];
    return { variant, opsPerSecond: round(median(rounds), 0), rounds: rounds.map((x) => Math.round(x)) };
  });
}
