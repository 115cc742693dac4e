/**
 * The README lines that involve the port, run as written: the port's own two (start it on its port,
 * then judge it by URL), then the contract suite README's lines that judge the port, its budgeted
 * production example included. A correct independent implementation passes with 0 failed and 0
 * skipped; the budgeted, sampled run completes within its budget and exits 0.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
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
/** The contract suite README's monitor block: start the monitor, traffic through it, its metrics and report. */
const monitorLines = (
  [
    ...readFileSync(new URL('../../contract-tests/README.md', import.meta.url), 'utf8').matchAll(
      /```sh\n([\s\S]*?)```/g,
    ),
  ]
    .map((m) => m[1] ?? '')
    .find((block) => block.includes('monitor --upstream')) ?? ''
)
  .split('\n')
  .filter((l) => l && !l.startsWith('#'));

describe("the port's README, and the contract suite README's lines that judge the port", () => {
  afterAll(() => rmSync(new URL('../contract.port.json', import.meta.url), { force: true }));

  it('start the port, pass it whole (0 failed, no skip but what timing hides), pass its budgeted production run (exit 0), kill a fault planted in front of it, and break no rule of the contract monitor in front of it', async () => {
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
      // The root README's line that plants the fault corpus in front of the port, for one fault. Its
      // control is a whole pass of the port like the one above, so at the least depth (the fault is
      // found by the routes group, which fuzzing does not reach).
      const planted = run(
        'pnpm',
        ['--filter', '@device-commands/port', 'faults', '--only', 'head-listed-but-refused'],
        {
          cwd: root,
          env: { ...process.env, FUZZ_RUNS: '1', PATTERN_SAMPLES: '1' },
        },
      );
      expect(planted.stdout).toContain('control (no fault): passes');
      expect(planted.stdout).toContain('1/1 faults killed; control passed');

      // The contract monitor in front of the port, as the suite README's monitor block says: the
      // suite's traffic through it, and the port (a correct implementation) breaks no rule.
      const [startMonitor = '', through = '', metrics = '', report = ''] = monitorLines;
      expect(monitorLines).toHaveLength(4);
      const reportFile = fileURLToPath(new URL('../../../reports/monitor/report.json', import.meta.url));
      rmSync(reportFile, { force: true });
      const [monitorTool = '', ...monitorArgs] = words(startMonitor);
      const monitor = await startProcess(monitorTool, monitorArgs, {
        cwd: root,
        ready: /monitor: (http:\/\/\S+)/,
        group: true,
      });
      try {
        const [throughTool = '', ...throughArgs] = words(through);
        expect(run(throughTool, throughArgs, { cwd: root }).stdout).toMatch(/\b\d+ passed, 0 failed, \d+ skipped/);
        const [curl = '', ...metricsArgs] = words(metrics);
        const scrape = run(curl, metricsArgs).stdout;
        const exchanges = [...scrape.matchAll(/^device_commands_monitor_exchanges_total\{[^}]*\} (\d+)$/gm)].reduce(
          (n, m) => n + Number(m[1]),
          0,
        );
        expect(exchanges).toBeGreaterThan(30);
        const [, ...reportArgs] = words(report);
        const json = JSON.parse(run(curl, reportArgs).stdout) as { summary: { requests: number; violations: number } };
        expect(json.summary.violations, run(curl, reportArgs).stdout.slice(0, 3000)).toBe(0);
        expect(json.summary.requests).toBe(exchanges);
      } finally {
        await monitor.stop();
      }
      // Stopped (SIGTERM, as Ctrl-C), it writes its report where --report-dir says.
      await expect.poll(() => existsSync(reportFile), { timeout: 15_000 }).toBe(true);
      expect(JSON.parse(readFileSync(reportFile, 'utf8')).summary.violations).toBe(0);
    } finally {
      await port.stop();
    }
  });
});
