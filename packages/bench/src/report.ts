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
  const operations = [...new Set(results.server.filter((r) => r.kind !== 'ceiling').map((r) => r.group))];
  const logged = results.server.find((r) => r.kind === 'reference, access log on');
  const unlogged = logged && results.server.find((r) => r.group === logged.group && r.kind === 'reference');
  const of = (group: string, kind: ServerResult['kind']) =>
    results.server.find((r) => r.group === group && r.kind === kind);
  const serverRows = operations.map((operation) => {
    const ref = of(operation, 'reference');
    const on = of(operation, 'reference, response validation on');
    const prism = of(operation, 'prism mock');
    const n = (x: ServerResult | undefined) => (x?.rps ?? 0).toLocaleString('en');
    return `| ${operation} | ${n(ref)} | ${ref?.p50} | ${ref?.p99} | ${ratio(ref?.rps ?? 0, node)} | ${n(prism)} | ${ratio(ref?.rps ?? 0, prism?.rps ?? 0)} | ${n(on)} | ${ratio(on?.rps ?? 0, ref?.rps ?? 0)} |`;
  });
  const ceilingRows = results.server
    .filter((r) => r.kind === 'ceiling')
    .map((r) => `| ${r.target} | ${r.rps.toLocaleString('en')} | ${ratio(r.rps, node)} | ${r.rounds.join(', ')} |`);
  const lowest = (values: number[]) => (values.length > 0 ? Math.min(...values) : 0);
  const vsPrism = lowest(operations.map((o) => (of(o, 'reference')?.rps ?? 0) / (of(o, 'prism mock')?.rps || 1)));
  const validationCost = lowest(
    operations.map((o) => (of(o, 'reference, response validation on')?.rps ?? 0) / (of(o, 'reference')?.rps || 1)),
  );
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

Every operation of the contract, each request built from the spec (path with seeded ids, method, the
family's demo token, the first example of the request body). The reference server runs as in
production (\`NODE_ENV=production\`: response validation off, request validation on, node:sqlite in
memory; the access log left out, see below), and again with response validation on (\`RESPONSE_VALIDATION=strict\`, as in development and
tests). Prism is \`prism mock\` of the same spec, the peer a client team would run instead.
\`cancelAndroidDeviceCommand\` cancels a command that is already DONE and answers 400 5052: the whole
cancel path, including the atomic update, without running out of pending commands. Per-round figures
are in [results.json](packages/bench/results/results.json).

| operation | reference req/s | p50 ms | p99 ms | vs raw node:http | Prism mock req/s | vs Prism | validation on req/s | on / off |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${serverRows.join('\n')}

| ceiling | req/s | vs raw node:http | rounds (req/s) |
|---|---:|---:|---|
${ceilingRows.join('\n')}

Lowest ratio to Prism over the operations: ${round(vsPrism, 2)}×. Lowest throughput with response validation on, against off: ${round(validationCost, 2)}× (a cost of ${round((1 - validationCost) * 100, 0)}%). Request validation is part of the generated routes and cannot be switched off.
${logged && unlogged ? `\nThe rows above leave out the access log (\`LOG_LEVEL=error\`). With it (\`LOG_LEVEL=info\`, the default: a JSON line per request, written once per turn of the event loop), ${logged.group} answers ${logged.rps.toLocaleString('en')} req/s, ${ratio(logged.rps, unlogged.rps)} of the same server without it.\n` : ''}
Memory (the validating server, whose in-memory SQLite store holds every command the rounds above created): RSS ${results.memory.after1kMiB} MiB after 1,000 more get-command requests, ${results.memory.after50kMiB} MiB after 50,000 and ${results.memory.after100kMiB} MiB after 100,000: a change of ${results.memory.growthPercent}% over the whole run and ${results.memory.growthSecondHalfPercent}% over the second 50,000 requests.

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
