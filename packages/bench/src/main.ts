/**
 * `pnpm bench`: the server, the client and the codegen pipeline against their peers, in one run.
 * Not part of the test command. Sizes: BENCH_ROUNDS (default 3), BENCH_SECONDS (default 3).
 */
import { fileURLToPath } from 'node:url';
import { benchClient } from './client.ts';
import { benchCodegen } from './codegen.ts';
import { benchDataScale, benchDurability, dataScaleSection, durabilitySection } from './data-scale.ts';
import { benchDevLoop, devLoopSection } from './dev-loop.ts';
import { benchDocsPage, docsPageSection } from './docs-page.ts';
import { benchMonitor, monitorSection } from './monitor.ts';
import { benchProfile, profileSection } from './profile.ts';
import { describeMachine, writeReport, writeSection } from './report.ts';
import { benchScaleOut, scaleOutSection } from './scale-out.ts';
import { benchServers } from './server.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const settings = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  clientCalls: Number(process.env.BENCH_CLIENT_CALLS ?? 20_000),
};

const started = performance.now();
console.log('bench: server throughput and memory');
const { results: server, memory } = await benchServers(settings);
console.log('bench: client overhead');
const client = await benchClient({ rounds: settings.rounds + 2, calls: settings.clientCalls });
console.log('bench: codegen');
const codegen = benchCodegen(settings.rounds);
console.log('bench: live editing (pnpm dev)');
const devLoop = await benchDevLoop(Number(process.env.BENCH_EDITS ?? 10), settings.rounds);
console.log('bench: docs page');
const docsPage = await benchDocsPage(Number(process.env.BENCH_LOADS ?? 9));
console.log('bench: data scale');
const scale = { ...settings, sizes: (process.env.BENCH_SCALES ?? '1000,100000,1000000').split(',').map(Number) };
const scaleRows = await benchDataScale(scale);
console.log('bench: durability settings');
const durability = await benchDurability(settings);
console.log('bench: scale-out on PostgreSQL');
const scaleOut = await benchScaleOut(settings);
console.log('bench: contract monitor');
const monitor = await benchMonitor({
  rounds: settings.rounds,
  seconds: Math.max(settings.seconds, 5),
  connections: settings.connections,
  rate: Number(process.env.MONITOR_RATE ?? 1000),
  soakSeconds: Number(process.env.MONITOR_SOAK_SECONDS ?? 0),
});
console.log('bench: hot-path profile');
const profile = await benchProfile(Number(process.env.PROFILE_SECONDS ?? 10));
writeReport(root, {
  date: new Date().toISOString().slice(0, 10),
  machine: describeMachine(),
  node: process.version,
  settings,
  server,
  memory,
  client,
  codegen,
});
writeSection(root, 'dev-loop', devLoopSection(devLoop), devLoop);
writeSection(root, 'docs-page', docsPageSection(docsPage), docsPage);
writeSection(root, 'data-scale', dataScaleSection(scaleRows, scale), { settings: scale, rows: scaleRows });
writeSection(root, 'durability', durabilitySection(durability, settings), { settings, rows: durability });
writeSection(root, 'scale-out', scaleOutSection(scaleOut, settings), { settings, rows: scaleOut });
writeSection(root, 'monitor', monitorSection(monitor), monitor);
writeSection(root, 'hot-path', profileSection(profile), profile);
console.log(
  `bench: wrote BENCHMARKS.md and packages/bench/results/ in ${Math.round((performance.now() - started) / 1000)} s`,
);
