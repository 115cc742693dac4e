#!/usr/bin/env node
/**
 * pnpm chaos [--only name,name] [--quick] [--soak-minutes N] [--out FILE]
 *   Runs the chaos scenarios (default: all, the soak for 10 minutes) and writes RELIABILITY.md at the
 *   repository root. Exit 1 when a scenario fails a criterion; 2 on a bad argument.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { reliabilityMarkdown } from './report.ts';
import { type Result, SCENARIOS, type ScenarioName } from './scenarios.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'soak-minutes': { type: 'string', default: '10' },
    out: { type: 'string' },
  },
});
const names = (values.only?.split(',') ?? Object.keys(SCENARIOS)) as ScenarioName[];
const unknown = names.filter((n) => !(n in SCENARIOS));
const soakMinutes = Number(values['soak-minutes']);
if (unknown.length > 0 || !Number.isInteger(soakMinutes) || soakMinutes < 1) {
  process.stderr.write(
    `chaos: ${unknown.length > 0 ? `unknown scenario ${unknown.join(', ')} (${Object.keys(SCENARIOS).join(', ')})` : '--soak-minutes is a whole number of minutes, at least 1'}\n`,
  );
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`${line}\n`);
const results: Result[] = [];
for (const name of names) {
  log(`chaos: ${name}`);
  const started = Date.now();
  const result = await SCENARIOS[name]({ quick: values.quick, soakMinutes, log });
  results.push(result);
  log(
    `  ${result.failures.length === 0 ? 'pass' : 'FAIL'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.sent} sent, ${result.acknowledged} acknowledged, lost ${result.lost}${result.failures.map((f) => `\n  failed: ${f}`).join('')}`,
  );
}
const meta = { date: new Date().toISOString().slice(0, 10), node: process.versions.node };
if (values.out) {
  // A run of its own: only this run's results, elsewhere.
  writeFileSync(resolve(values.out), reliabilityMarkdown(results.map((r) => ({ ...r, ...meta }))));
  log(`chaos: wrote ${resolve(values.out)}`);
} else {
  // The committed record: each scenario's latest run (results/<scenario>.json), rendered together.
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const r of results) writeFileSync(`${dir}${r.name}.json`, `${JSON.stringify({ ...r, ...meta }, null, 2)}\n`);
  const order = Object.keys(SCENARIOS);
  const recorded = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(`${dir}${f}`, 'utf8')) as Result & typeof meta)
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  writeFileSync(resolve(root, 'RELIABILITY.md'), reliabilityMarkdown(recorded));
  log(`chaos: wrote packages/chaos/results/ and ${resolve(root, 'RELIABILITY.md')}`);
}
process.exitCode = results.some((r) => r.failures.length > 0) ? 1 : 0;
