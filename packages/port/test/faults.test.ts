/**
 * The fault corpus against the port: the same faults the reference server's tests plant, played by
 * the fault proxy in front of an implementation the suite was not written against. Each fault of the
 * port's subset must be killed (the port without a fault passes: readme.test.ts) (`pnpm --filter @device-commands/port faults`
 * runs the whole corpus).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultRig, judgeFault, startFaultRig } from '@device-commands/contract-tests/faults/run';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPort, Store, seed } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'port-faults-'));
const config = join(dir, 'contract.port.json');
const store = new Store();
writeFileSync(config, JSON.stringify(seed(store)));
const server = createPort({ store, agentMs: 20 });
let target = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Faults whose killing depends on the implementation's own data (its second device, its other
 * tenant); readme.test.ts plants head-listed-but-refused through the CLI: `pnpm --filter @device-commands/port
 * faults` runs the whole corpus, and the reference server's tests run QUICK_FAULTS.
 */
const PORT_FAULTS = ['command-found-under-any-device', 'other-tenant-readable'];

describe('the fault corpus, planted in front of the port', () => {
  // One fault proxy and one pair of Prism proxies for both, as `device-commands faults` uses them.
  let rig: FaultRig;
  beforeAll(async () => {
    rig = await startFaultRig();
  });
  afterAll(() => rig?.close());

  it.each(PORT_FAULTS)('kills %s', async (name) => {
    const verdict = await judgeFault(name, { target, config, rig });
    expect(verdict.killed, `${name} survived on the port`).toBe(true);
  });
});
