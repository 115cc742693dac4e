/** The exit code a CI job reads, for every way a run can end (README, "exit"). */
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../src/exit-codes.ts';

const BUDGET = 'the request budget (--max-requests 500) is spent';
const CTRL_C = 'interrupted (Ctrl-C): partial report';

describe('the exit code of a run', () => {
  it.each([
    ['a whole run with nothing failed', 0, undefined, 0],
    ['a whole run with a failure', 2, undefined, 1],
    ['a spent budget with nothing failed (a partial pass)', 0, BUDGET, 3],
    ['a spent budget after a failure', 1, BUDGET, 1],
    ['Ctrl-C with nothing failed', 0, CTRL_C, 130],
    ['Ctrl-C after a failure', 1, CTRL_C, 1],
  ] as const)('is right for %s', (_, failed, aborted, code) => {
    expect(exitCodeOf({ failed, aborted })).toBe(code);
  });
});
