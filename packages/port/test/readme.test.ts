/**
 * The README lines that involve the port, run as written: the port's own two (start it on its port,
 * then judge it by URL), then the contract suite README's lines that judge the port, its budgeted
 * production example included. A correct independent implementation passes with 0 failed and 0
 * skipped; the budgeted, sampled run completes within its budget and exits 0.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, startProcess } from '@device-commands/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { expectWholePass } from './passes.ts';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The shell lines of a README's first `sh` block, comments left out. */
const shLines = (file: URL) =>
  (/```sh\n([\s\S]*?)```/.exec(readFileSync(file, 'utf8'))?.[1] ?? '')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
const own = shLines(new URL('../README.md', import.meta.url));
const suite = shLines(new URL('../../contract-tests/README.md', import.meta.url)).filter(
  (l) => l.includes('127.0.0.1:4610') && !own.includes(l),
);
const words = (line: string) => line.split(' ');

describe("the port's README, and the contract suite README's lines that judge the port", () => {
  afterAll(() => rmSync(new URL('../contract.port.json', import.meta.url), { force: true }));

  it('start the port, pass it whole (0 failed, no skip but what timing hides), pass its budgeted production run (exit 0), and kill a fault planted in front of it', async () => {
    expect(own).toHaveLength(2);
    expect(suite).toHaveLength(1);
    const [start = '', judge = ''] = own;
    const [command = '', ...args] = words(start);
    const port = await startProcess(command === 'node' ? process.execPath : command, args, {
      cwd: here,
      ready: /port: (http:\/\/\S+)/,
    });
    try {
      const [tool = '', ...rest] = words(judge);
      // Every check the suite has, at a smaller depth than its default (the reference server's test
      // runs the default depth): the test command is CPU-bound.
      const whole = run(tool, rest, { cwd: root, env: { ...process.env, FUZZ_RUNS: '50', PATTERN_SAMPLES: '2' } });
      expectWholePass(whole.stdout);
      const [budgetTool = '', ...budgetArgs] = words(suite[0] ?? '');
      // Exit 0 (run throws otherwise): a whole run of the sample, inside its budget of 500 requests.
      const budgeted = run(budgetTool, budgetArgs, { cwd: root });
      const requests = Number(/· (\d+) requests in/.exec(budgeted.stdout)?.[1]);
      expect(requests).toBeGreaterThan(30);
      expect(requests).toBeLessThanOrEqual(500);
      expect(budgeted.stdout).toMatch(/\b\d+ passed, 0 failed, \d+ skipped/);
      expect(budgeted.stdout).toContain('--sample 10: not among the 10 checks of');
      // The root README's line that plants the fault corpus in front of the port, for one fault.
      const planted = run(
        'pnpm',
        ['--filter', '@device-commands/port', 'faults', '--only', 'head-listed-but-refused'],
        {
          cwd: root,
        },
      );
      expect(planted.stdout).toContain('control (no fault): passes');
      expect(planted.stdout).toContain('1/1 faults killed; control passed');
    } finally {
      await port.stop();
    }
  });
});
