#!/usr/bin/env node
// The task part of `pnpm test`: `turbo run generate lint typecheck test`, then the wall time of every
// package's tests (from turbo's run summary), each against the budget its package.json states
// (`"testBudgetSeconds"`). A package over its budget is reported, not failed: wall time on a shared
// machine is noise, not behaviour (a CI run of 134293e went red with docs at 188 s against 175 s while
// the whole command took 267 s). Growth is watched in this table and in `pnpm bench`; the table is
// printed whether the tasks passed or not. A package without a budget still fails the run.
//
//   node scripts/test-tasks.mjs [extra turbo arguments]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const startedAt = Date.now();
// V8's compile cache for every Node process of the run: the tests start the reference server, Prism,
// Redocly and tsc dozens of times, and each start after the first compiles nothing again (a server
// start: 0.44 → 0.26 CPU-seconds). Kept under node_modules/.cache, like turbo's and Vitest's caches.
// The reference servers the tests start shed no load for event-loop lag: they share two cores with a
// dozen other processes, so their event loop lags when the machine is busy, not when they are, and a
// CI run failed a docs sample on a 503 for that (a timer more than 1 s late). The lag limit is tested
// where it is the subject: the chaos overload scenario (pnpm test:extended) sets its own.
const env = {
  ...process.env,
  NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(root, 'node_modules', '.cache', 'node-compile-cache'),
  MAX_EVENT_LOOP_DELAY_MS: process.env.MAX_EVENT_LOOP_DELAY_MS ?? '0',
};
const turbo = spawnSync(
  'pnpm',
  // --continue: a failing package does not stop the others, so every failure prints its own output
  // (a stopped package's failures were lost: only its ✗ line had been printed).
  [
    'exec',
    'turbo',
    'run',
    'generate',
    'lint',
    'typecheck',
    'test',
    '--summarize',
    '--continue',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env },
);
const wallSeconds = (Date.now() - startedAt) / 1000;

const runs = join(root, '.turbo', 'runs');
const newest = readdirSync(runs)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(runs, f))
  .filter((f) => statSync(f).mtimeMs >= startedAt - 1000)
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
if (!newest) {
  console.error('test budget: turbo wrote no run summary, so no package time can be checked');
  process.exit(turbo.status || 1);
}
const summary = JSON.parse(readFileSync(newest, 'utf8'));

const rows = [];
for (const task of summary.tasks) {
  if (task.task !== 'test') continue;
  const manifest = JSON.parse(readFileSync(join(root, task.directory, 'package.json'), 'utf8'));
  const { startTime, endTime, exitCode } = task.execution ?? {};
  const seconds = startTime && endTime ? (endTime - startTime) / 1000 : 0;
  rows.push({
    name: task.package,
    seconds,
    cached: task.cache?.status === 'HIT',
    budget: manifest.testBudgetSeconds,
    exitCode,
  });
}
rows.sort((a, b) => b.seconds - a.seconds);

const over = rows.filter((r) => !r.cached && r.budget !== undefined && r.seconds > r.budget);
const unbudgeted = rows.filter((r) => r.budget === undefined);
const pad = Math.max(...rows.map((r) => r.name.length));
console.log(`\nTest wall time per package (turbo runs them side by side), from ${newest.slice(root.length)}:`);
for (const r of rows) {
  const budget = r.budget === undefined ? 'no budget' : `budget ${r.budget} s`;
  const verdict = r.cached ? 'cached' : r.budget !== undefined && r.seconds > r.budget ? 'OVER BUDGET' : 'ok';
  const failed = r.exitCode ? `, exit ${r.exitCode}` : '';
  console.log(`  ${r.name.padEnd(pad)}  ${r.seconds.toFixed(1).padStart(6)} s  (${budget})  ${verdict}${failed}`);
}
console.log(`  turbo run generate lint typecheck test: ${wallSeconds.toFixed(1)} s in all`);

if (turbo.status !== 0) process.exit(turbo.status ?? 1);
if (unbudgeted.length > 0) {
  console.error(`test budget: no "testBudgetSeconds" in ${unbudgeted.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
for (const r of over) {
  console.warn(
    `test budget (warning, not a failure): ${r.name} took ${r.seconds.toFixed(1)} s, over its ${r.budget} s`,
  );
}
