/** Writes the results: bench/results.json, BENCHMARKS.md (with ratios) and bench/chart.svg. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ClientResult } from './client.ts';
import type { CodegenResult } from './codegen.ts';
import type { ServerResult } from './server.ts';
import { round } from './stats.ts';

export interface Results {
  date: string;
  machine: string;
  node: string;
  settings: Record<string, number>;
  server: ServerResult[];
  memory: Record<string, number>;
  client: ClientResult[];
  codegen: CodegenResult;
}

const ratio = (a: number, b: number) => (b > 0 ? `${round(a / b, 2)}×` : 'n/a');

export function writeReport(root: string, results: Results): void {
  const dir = join(root, 'packages/bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, 'chart.svg'), chart(results.server));

  const byTarget = new Map(results.server.map((r) => [r.target, r]));
  const node = byTarget.get('raw node:http constant')?.rps ?? 0;
  const prismFor = (group: string) =>
    results.server.find((r) => r.group === group && r.target.startsWith('prism'))?.rps ?? 0;
  const serverRows = results.server.map(
    (r) =>
      `| ${r.target} | ${r.rps.toLocaleString('en')} | ${r.p50} | ${r.p99} | ${r.target.startsWith('reference') && r.group !== 'validation' ? ratio(r.rps, prismFor(r.group)) : '–'} | ${ratio(r.rps, node)} | ${r.rounds.join(', ')} |`,
  );
  const off = byTarget.get('reference: get command')?.rps ?? 0;
  const on = byTarget.get('reference: get command, response validation on')?.rps ?? 0;
  const raw = results.client.find((c) => c.variant.startsWith('raw'))?.opsPerSecond ?? 0;
  const bare = results.client.find((c) => c.variant.startsWith('bare'))?.opsPerSecond ?? 0;
  const clientRows = results.client.map(
    (c) =>
      `| ${c.variant} | ${c.opsPerSecond.toLocaleString('en')} | ${ratio(c.opsPerSecond, bare)} | ${ratio(c.opsPerSecond, raw)} | ${c.rounds.join(', ')} |`,
  );
  const base = results.codegen.scaling[0];
  const scaleRows = results.codegen.scaling.map(
    (s) =>
      `| ${s.operations} | ${s.bundleMs} | ${s.routesMs} | ${s.typesMs} | ${base ? ratio(s.bundleMs + s.routesMs + s.typesMs, base.bundleMs + base.routesMs + base.typesMs) : ''} |`,
  );
  const md = `# Benchmarks

Written by \`pnpm bench\` on ${results.date}. Machine: ${results.machine}; Node ${results.node}.
Machines here are shared and noisy: read the **ratios**, measured side by side in one run, not the
absolute numbers. Every figure is the median of ${results.settings.rounds} interleaved rounds.
Raw data: [packages/bench/results/results.json](packages/bench/results/results.json).

![requests per second](packages/bench/results/chart.svg)

## Server (autocannon, loopback, ${results.settings.connections} connections, ${results.settings.seconds} s per round)

The reference server runs as in production (\`NODE_ENV=production\`: response validation off, request
validation on, node:sqlite in memory). Prism is \`prism mock\` of the same spec, the peer a client team
would run instead. "cancel" on a command that is already DONE answers 400 5052: the whole cancel
path, including the atomic update, without running out of pending commands.

| target | req/s | p50 ms | p99 ms | vs Prism mock | vs raw node:http | rounds (req/s) |
|---|---:|---:|---:|---:|---:|---|
${serverRows.join('\n')}

Cost of response validation (get command): ${ratio(on, off)} of the throughput without it (${on.toLocaleString('en')} against ${off.toLocaleString('en')} req/s). Request validation is part of the generated routes and cannot be switched off.

Memory (the validating server): RSS ${results.memory.after1kMiB} MiB after 1,000 requests, ${results.memory.after50kMiB} MiB after 50,000 and ${results.memory.after100kMiB} MiB after 100,000: a change of ${results.memory.growthPercent}% over the whole run and ${results.memory.growthSecondHalfPercent}% over the second 50,000 requests.

## Client (per call, fetch stubbed)

| variant | calls/s | vs bare openapi-fetch | vs raw fetch | rounds |
|---|---:|---:|---:|---|
${clientRows.join('\n')}

## Codegen

The whole \`turbo run generate\` pipeline (bundle + validate the spec, zod routes, client types):
cold (\`--force\`, no cache) **${results.codegen.pipeline.coldMs} ms**; after an edit of one spec file **${results.codegen.pipeline.warmAfterEditMs} ms**; with nothing changed (turbo no-op, full cache hit) **${results.codegen.pipeline.noopMs} ms**.

Growth with spec size (synthetic specs: every path copied 10× and 100×):

| operations | Redocly bundle (dereferenced) ms | zod routes ms | openapi-typescript ms | total vs 1× |
|---:|---:|---:|---:|---:|
${scaleRows.join('\n')}
`;
  writeFileSync(join(root, 'BENCHMARKS.md'), md);
}

export function describeMachine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

function chart(server: ServerResult[]): string {
  const width = 760;
  const bar = 22;
  const left = 330;
  const max = Math.max(...server.map((r) => r.rps), 1);
  const rows = server
    .map((r, i) => {
      const y = 30 + i * (bar + 8);
      const w = Math.max(1, ((width - left - 90) * r.rps) / max);
      const color = r.target.startsWith('reference') ? '#0044d4' : r.target.startsWith('prism') ? '#e07b00' : '#7a7a7a';
      return `<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12">${r.target}</text><rect x="${left}" y="${y}" width="${round(w, 1)}" height="${bar}" fill="${color}"/><text x="${left + w + 6}" y="${y + 15}" font-size="12">${r.rps.toLocaleString('en')}</text>`;
    })
    .join('');
  const height = 40 + server.length * (bar + 8);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" role="img" aria-labelledby="title"><title id="title">Requests per second of each server target (median of the rounds)</title><text x="10" y="18" font-size="13" font-weight="bold">Requests per second (median)</text>${rows}</svg>\n`;
}

/** Replaces the `<!-- name -->…<!-- /name -->` section of BENCHMARKS.md (or appends it), and writes results/<name>.json. */
export function writeSection(root: string, name: string, section: string, data: unknown): void {
  const results = join(root, 'packages', 'bench', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);
  const file = join(root, 'BENCHMARKS.md');
  const md = readFileSync(file, 'utf8');
  const marked = new RegExp(`<!-- ${name} -->[\\s\\S]*<!-- /${name} -->`);
  writeFileSync(file, marked.test(md) ? md.replace(marked, () => section) : `${md.trimEnd()}\n\n${section}\n`);
}
