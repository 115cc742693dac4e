/**
 * The fast chaos scenarios, as `pnpm test:extended` runs them (`test:scenarios`; CI runs it after the
 * test command, on a machine with nothing else to do, since the scenarios time answers under load):
 * each must lose no acknowledged write, answer every fault with the family's envelope (503 with
 * Retry-After where the service is unavailable), never hang, and recover by itself. The soak runs with
 * `pnpm chaos` only.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS, type ScenarioName } from '../src/scenarios.ts';

const fast: ScenarioName[] = [
  'kill-sqlite',
  'kill-sqlite-normal',
  'kill-replica',
  'postgres-restart',
  'slow-database',
  'overload',
];

describe('the reference server under faults', () => {
  it.each(fast)('%s: no acknowledged write lost, every criterion met', async (name) => {
    const result = await SCENARIOS[name]({ quick: true, soakMinutes: 1, log: () => {} });
    expect(result.failures).toEqual([]);
    expect(result.lost).toBe(0);
    expect(result.sent).toBeGreaterThan(20);
    if (name !== 'overload') expect(result.checked).toBeGreaterThan(10);
  });
});
