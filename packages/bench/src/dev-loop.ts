/**
 * The live-editing loop (`pnpm dev`, packages/dev) on a temporary copy of the repository, saved at a
 * designer's pace: saves at fixed intervals (1 s, 3 s, 8 s apart; N saves each), whatever the loop is
 * doing, each adding one new value to the Android command type's enum (values accumulate, so a save
 * that a newer one overtakes is still served by the newer contract). For each save: save → served
 * (a create with the new value is answered 200 by the running server: only the new contract accepts
 * it) and save → the open docs page in Chromium has reloaded and shows the value. Each interval is run
 * on a quiet machine and again with one core kept busy (a CPU hog), p50 and p90 of each. Baseline, in
 * the same run: the same steps as cold CLI processes one after the other (lint, bundle, routes, client
 * sources, docs, server start), which is what an edit cost before the loop.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationRequest } from '@device-commands/server/sample-requests';
import { copyRepo, startProcess } from '@device-commands/testkit';
import { launchChromium } from '@device-commands/testkit/browser';
import { redoclyBin } from '@device-commands/testkit/redocly';
import { median, round } from './stats.ts';

const TYPE_FILE = 'openapi/components/schemas/android/EmmCommandType.yaml';
const CREATE = operationRequest('', 'createAndroidDeviceCommand');
const INTERVALS_MS = [1000, 3000, 8000];

export interface DevLoopSeries {
  intervalMs: number;
  hog: boolean;
  servedMs: number[];
  reloadedMs: number[];
  served: { p50: number; p90: number };
  reloaded: { p50: number; p90: number };
  /** Saves whose value the server never accepted, or the page never showed, within 30 s. */
  missing: number;
}

export interface DevLoopResult {
  edits: number;
  series: DevLoopSeries[];
  /** Median of each step the loop printed on its critical path, in the order it printed them. */
  steps: [step: string, medianMs: number][];
  baseline: { steps: [step: string, medianMs: number][]; totalMs: number; rounds: number };
}

/** The nearest-rank percentile. */
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
};

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
  const series: DevLoopSeries[] = [];
  const save = (text: string) => {
    writeFileSync(`${file}.save`, text);
    renameSync(`${file}.save`, file);
  };
  const status = async () =>
    (await (await fetch(`${origin}/__dev/status`)).json()) as { build: number; settled: number };
  const settle = async () => {
    for (;;) {
      const s = await status();
      if (s.settled === s.build) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const accepts = async (value: string) => {
    const res = await fetch(`${origin}${CREATE.url}`, {
      method: CREATE.method,
      headers: CREATE.headers,
      body: JSON.stringify({ type: value }),
    });
    await res.arrayBuffer();
    return res.status === 200;
  };
  let run = 0;
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/docs`);
    // One unmeasured save and back, after the loop's warm-up.
    save(original.replace('  - CLEAR_APP_DATA\n', '  - CLEAR_APP_DATA\n  - WARM\n'));
    await new Promise((r) => setTimeout(r, 3000));
    save(original);
    await settle();
    for (const hog of [false, true]) {
      const hogProcess: ChildProcess | undefined = hog
        ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
        : undefined;
      try {
        for (const intervalMs of INTERVALS_MS) {
          run++;
          const values = Array.from({ length: edits }, (_, i) => `BENCH_${run}_${i}`);
          const savedAt: number[] = [];
          const servedAt: (number | undefined)[] = values.map(() => undefined);
          const shownAt: (number | undefined)[] = values.map(() => undefined);
          // The page reloads on each docs build: look for the values it now shows, once per load.
          const onLoad = async () => {
            const html = await page.content().catch(() => '');
            const now = performance.now();
            values.forEach((v, i) => {
              if (shownAt[i] === undefined && savedAt[i] !== undefined && html.includes(v)) shownAt[i] = now;
            });
          };
          page.on('load', onLoad);
          // Each save's "served" probe runs until its value is accepted (or 30 s pass).
          const probes: Promise<void>[] = [];
          for (let i = 0; i < edits; i++) {
            const text = original.replace(
              '  - CLEAR_APP_DATA\n',
              `  - CLEAR_APP_DATA\n${values
                .slice(0, i + 1)
                .map((v) => `  - ${v}\n`)
                .join('')}`,
            );
            const at = performance.now();
            savedAt[i] = at;
            save(text);
            probes.push(
              (async () => {
                while (performance.now() - at < 30_000) {
                  if (await accepts(values[i] ?? '')) {
                    servedAt[i] = performance.now();
                    return;
                  }
                  await new Promise((r) => setTimeout(r, 25));
                }
              })(),
            );
            await new Promise((r) => setTimeout(r, Math.max(0, at + intervalMs - performance.now())));
          }
          await Promise.all(probes);
          const deadline = performance.now() + 30_000;
          while (shownAt.some((t) => t === undefined) && performance.now() < deadline)
            await new Promise((r) => setTimeout(r, 100));
          page.off('load', onLoad);
          const servedMs = servedAt.flatMap((t, i) => (t === undefined ? [] : [Math.round(t - (savedAt[i] ?? 0))]));
          const reloadedMs = shownAt.flatMap((t, i) => (t === undefined ? [] : [Math.round(t - (savedAt[i] ?? 0))]));
          series.push({
            intervalMs,
            hog,
            servedMs,
            reloadedMs,
            served: { p50: percentile(servedMs, 50), p90: percentile(servedMs, 90) },
            reloaded: { p50: percentile(reloadedMs, 50), p90: percentile(reloadedMs, 90) },
            missing: servedAt.filter((t) => t === undefined).length + shownAt.filter((t) => t === undefined).length,
          });
          save(original);
          await settle();
          await new Promise((r) => setTimeout(r, 2000));
        }
      } finally {
        hogProcess?.kill();
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
    series,
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
  const loopSteps = new Map(result.steps);
  const rows = result.baseline.steps.map(([step, ms]) => `| ${step} | ${loopSteps.get(step) ?? '–'} | ${ms} |`);
  for (const [step, ms] of result.steps)
    if (!result.baseline.steps.some(([s]) => s === step)) rows.push(`| ${step} | ${ms} | – |`);
  const series = result.series.map(
    (s) =>
      `| ${s.intervalMs / 1000} s | ${s.hog ? 'one core busy' : 'quiet'} | ${s.served.p50} | **${s.served.p90}** | ${s.reloaded.p50} | **${s.reloaded.p90}** | ${s.missing} |`,
  );
  return `<!-- dev-loop -->
## Live editing (\`pnpm dev\`)

Saves at fixed intervals, whatever the loop is doing: ${result.edits} saves 1 s, 3 s and 8 s apart on a copy of
the repository, each adding a new value to \`EmmCommandType.yaml\`'s enum, with the docs page open in
Chromium; then the same with one core kept busy by a CPU hog. "Served": the running server accepts a
create with the new value (only the new contract does); "reloaded": the open page has reloaded and
shows it. Targets (3 s and 8 s apart): served p90 ≤ 1,500 ms, reloaded p90 ≤ 3,000 ms; 1 s apart:
every save served, p90 ≤ 2,500 ms.

| saves apart | machine | served p50 ms | served p90 ms | reloaded p50 ms | reloaded p90 ms | never seen |
|---|---|---:|---:|---:|---:|---:|
${series.join('\n')}

The critical path of a save is lint · bundle · routes · restart; the client sources, the docs build
and the handlers' type check run after it and a newer save cancels them (packages/dev). Per step
(medians of the loop's own timing lines) against the same steps as cold CLI processes one after the
other (the baseline, ${result.baseline.rounds} rounds in the same run: what a save cost before the loop,
${result.baseline.totalMs} ms in all):

| step | loop ms | cold CLI ms |
|---|---:|---:|
${rows.join('\n')}
<!-- /dev-loop -->`;
}
