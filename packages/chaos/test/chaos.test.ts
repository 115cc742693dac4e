/**
 * The fast chaos scenarios, as the test command runs them: each must lose no acknowledged write,
 * answer every fault with the family's envelope (503 with Retry-After where the service is
 * unavailable), never hang, and recover by itself. The soak runs with `pnpm chaos` only. Turbo runs
 * this package's tests after every other package's (turbo.json), so that timing is its own.
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
