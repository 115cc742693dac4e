/**
 * The live-editing loop (`pnpm dev`, packages/dev) on a temporary copy of the repository: a one-line
 * edit (a new enum value of the Android command type, added then removed) saved N times, with a docs
 * page open in Chromium. For each save: save → the server answers with the new contract (a create
 * with the new type flips between 400 and 200), save → the open page has reloaded, and the loop's
 * own per-step times. Baseline, in the same run: the same steps as cold CLI processes one after the
 * other (lint, bundle, routes, client sources, docs, server start), which is what an edit cost
 * before the loop.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationRequest } from '@device-commands/server/sample-requests';
import { copyRepo, startProcess } from '@device-commands/testkit';
import { launchChromium } from '@device-commands/testkit/browser';
import { redoclyBin } from '@device-commands/testkit/redocly';
import { median, round } from './stats.ts';

const TYPE_FILE = 'openapi/components/schemas/android/EmmCommandType.yaml';
const PAUSE_MS = 2500;
const CREATE = operationRequest('', 'createAndroidDeviceCommand');

export interface DevLoopResult {
  edits: number;
  savedToServedMs: number[];
  savedToReloadedMs: number[];
  medianServedMs: number;
  medianReloadedMs: number;
  /** Median of each step the loop printed, in the order it printed them. */
  steps: [step: string, medianMs: number][];
  baseline: { steps: [step: string, medianMs: number][]; totalMs: number; rounds: number };
}

export async function benchDevLoop(edits: number, baselineRounds: number): Promise<DevLoopResult> {
  const repo = copyRepo('bench-dev-loop-');
  const env = { ...process.env, NODE_ENV: 'development', AGENT_DELAY_MS: '0', LOG_LEVEL: 'warn' };
  const dev = await startProcess(process.execPath, ['packages/dev/src/cli.ts', '--port', '0'], {
    cwd: repo.root,
    env,
    ready: /reference server: (http:\/\/\S+)[\s\S]*Watching /,
    timeoutMs: 60_000,
  });
  const origin = dev.match;
  const browser = await launchChromium();
  const file = join(repo.root, TYPE_FILE);
  const original = readFileSync(file, 'utf8');
  const withWipe = original.replace('  - CLEAR_APP_DATA\n', '  - CLEAR_APP_DATA\n  - WIPE\n');
  const served: number[] = [];
  const reloaded: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/docs`);
    const builds = async () => ((await (await fetch(`${origin}/__dev/status`)).json()) as { build: number }).build;
    // One unmeasured edit and back: the loop warms its tools at start; this waits for that too.
    for (let i = 0; i <= edits + 1; i++) {
      const adding = i % 2 === 0;
      const expected = adding ? 200 : 400;
      const build = await builds();
      const load = page.waitForEvent('load', { timeout: 30_000 });
      const saved = performance.now();
      writeFileSync(`${file}.save`, adding ? withWipe : original);
      renameSync(`${file}.save`, file);
      const servedAt = (async () => {
        for (;;) {
          const res = await fetch(`${origin}${CREATE.url}`, {
            method: CREATE.method,
            headers: CREATE.headers,
            body: JSON.stringify({ type: 'WIPE' }),
          });
          await res.arrayBuffer();
          if (res.status === expected) return performance.now();
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      const reloadedAt = load.then(() => performance.now());
      const [s, r] = await Promise.all([servedAt, reloadedAt]);
      while ((await builds()) <= build) await new Promise((r) => setTimeout(r, 50));
      // A designer reads the result before the next save; the loop loads the next docs process meanwhile.
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      if (i >= 2) {
        served.push(s - saved);
        reloaded.push(r - saved);
      }
    }
  } finally {
    await browser.close();
    await dev.stop();
  }
  const lines = dev
    .output()
    .split('\n')
    .filter((l) => l.startsWith('✓ lint'))
    .slice(2)
    .map((l) => l.split(' (')[0] ?? '');
  const steps = medianSteps(lines.map((l) => [...l.matchAll(/(\w+) (\d+) ms/g)].map((m) => [m[1], Number(m[2])])));

  // The baseline: each step as the cold process it was before the loop, in the same copy.
  const baselineRuns: [string, number][][] = [];
  const cwd = (pkg: string) => join(repo.root, 'packages', pkg);
  for (let r = 0; r < baselineRounds; r++) {
    const run: [string, number][] = [];
    const timed = (step: string, command: string[], dir: string) => {
      const at = performance.now();
      execFileSync(process.execPath, command, { cwd: dir, stdio: 'pipe', env });
      run.push([step, Math.round(performance.now() - at)]);
    };
    timed('lint', [redoclyBin(), 'lint', '--config', join(repo.root, 'openapi/redocly.yaml')], cwd('spec'));
    timed('bundle', ['src/bundle.ts'], cwd('spec'));
    timed('routes', ['../codegen/src/main.ts', '--out', 'src/generated/routes.gen.ts'], cwd('server'));
    timed('types', ['../codegen/src/client-main.ts', '--out-dir', 'src/generated'], cwd('client'));
    timed('docs', ['src/build.ts'], cwd('docs'));
    const at = performance.now();
    const server = await startProcess(process.execPath, ['src/main.ts'], {
      cwd: cwd('server'),
      env: { ...env, PORT: '0' },
      ready: /reference server: (http:\/\/\S+)/,
    });
    run.push(['restart', Math.round(performance.now() - at)]);
    await server.stop();
    baselineRuns.push(run);
  }
  repo.remove();
  const baselineSteps = medianSteps(baselineRuns);
  return {
    edits,
    savedToServedMs: served.map((v) => Math.round(v)),
    savedToReloadedMs: reloaded.map((v) => Math.round(v)),
    medianServedMs: round(median(served), 0),
    medianReloadedMs: round(median(reloaded), 0),
    steps,
    baseline: {
      steps: baselineSteps,
      totalMs: round(median(baselineRuns.map((run) => run.reduce((sum, [, ms]) => sum + ms, 0))), 0),
      rounds: baselineRounds,
    },
  };
}

function medianSteps(runs: (string | number | undefined)[][][]): [string, number][] {
  const names = [...new Set(runs.flatMap((run) => run.map(([name]) => String(name))))];
  return names.map((name) => [
    name,
    round(median(runs.flatMap((run) => run.filter(([n]) => n === name).map(([, ms]) => Number(ms)))), 0),
  ]);
}

/** The BENCHMARKS.md section, between its markers. */
export function devLoopSection(result: DevLoopResult): string {
  const ratio = (a: number, b: number) => `${round(a / b, 2)}×`;
  const loopSteps = new Map(result.steps);
  const rows = result.baseline.steps.map(([step, ms]) => `| ${step} | ${loopSteps.get(step) ?? '–'} | ${ms} |`);
  for (const [step, ms] of result.steps)
    if (!result.baseline.steps.some(([s]) => s === step)) rows.push(`| ${step} | ${ms} | – |`);
  return `<!-- dev-loop -->
## Live editing (\`pnpm dev\`)

A one-line edit (an enum value added to, then removed from, \`EmmCommandType.yaml\`) saved ${result.edits} times
on a copy of the repository, with the docs page open in Chromium; each save ${PAUSE_MS / 1000} s after the previous rebuild
ended (the loop then starts the next docs build's Redocly process, which takes a core for about 1.5 s). Targets: served ≤ 2,000 ms, page
reloaded ≤ 2,500 ms.

| from the save to | median ms | each save (ms) |
|---|---:|---|
| the server answering with the new contract | **${result.medianServedMs}** | ${result.savedToServedMs.join(', ')} |
| the open docs page reloaded | **${result.medianReloadedMs}** | ${result.savedToReloadedMs.join(', ')} |

Per step (medians): the loop's own timing line against the same steps run as cold CLI processes one
after the other (the baseline, ${result.baseline.rounds} rounds in the same run: what a save cost before the loop,
${result.baseline.totalMs} ms in all; the loop serves in ${ratio(result.medianServedMs, result.baseline.totalMs)} of it). The loop runs
the docs build beside the server's start, and the client sources and the handlers' type check after it.

| step | loop ms | cold CLI ms |
|---|---:|---:|
${rows.join('\n')}
<!-- /dev-loop -->`;
}
