/**
 * `pnpm contract` exactly as the README gives it, with no target: the CLI starts the reference server
 * itself, runs the whole suite (100 fuzz runs per family and 4 samples per pattern, from FUZZ_RUNS
 * and PATTERN_SAMPLES as a CI matrix would set them; the defaults are 1,000 and 8) with a fixed
 * seed, and exits 0 with reports a CI can read (report.json, junit.xml). The test command used to
 * run this as a step of its own before the tests, and a second, quicker run of the suite on the same
 * store inside them; this one run keeps the assertions of both (cli.test.ts runs it by URL on PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDereferencedSpec } from '@device-commands/spec';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const reports = mkdtempSync(join(tmpdir(), 'contract-reference-'));
afterAll(() => rmSync(reports, { recursive: true, force: true }));

function runCli(args: string[]): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FUZZ_RUNS: '100', PATTERN_SAMPLES: '4' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

describe('pnpm contract, with no target', () => {
  it('starts the reference server, passes every check, and writes junit.xml and report.json', async () => {
    const run = await runCli(['contract', '--seed', '20261122', '--report-dir', reports]);
    expect({ code: run.code, signal: run.signal }, run.output.slice(-20_000)).toEqual({ code: 0, signal: null });
    expect(run.output).toMatch(/contract: started the reference server at http:\/\/\S+/);
    expect(run.output).toMatch(/\(seed 20261122\)/);
    const last = run.output.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/);
    const report = JSON.parse(readFileSync(join(reports, 'report.json'), 'utf8')) as {
      summary: { passed: number; failed: number; skipped: number };
      results: { outcome: string }[];
    };
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBe(Number(last.split(' ')[0]));
    expect(report.summary.skipped).toBe(Number(last.split(' ')[4]));
    expect(report.summary.passed).toBeGreaterThan(3000);
    expect(report.results.filter((r) => r.outcome === 'passed')).toHaveLength(report.summary.passed);
    // Every check says what in the contract demands it: pointers that resolve in the dereferenced
    // bundle (packages/spec/generated/openapi.dereferenced.json), or a
    // section of openapi/README.md that exists, or the RFC the contract defers to.
    const bundle = loadDereferencedSpec() as unknown as Record<string, unknown>;
    const readme = readFileSync(new URL('../../../openapi/README.md', import.meta.url), 'utf8');
    const sections = new Set(
      [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
        (m[1] ?? '')
          .toLowerCase()
          .replace(/[^\w\s-]/g, '')
          .trim()
          .replace(/\s+/g, '-'),
      ),
    );
    const unresolved = (demand: string) => {
      if (demand.startsWith('#/'))
        return (
          demand
            .slice(2)
            .split('/')
            .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
            .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], bundle) === undefined
        );
      const section = /^openapi\/README\.md#([\w-]+)/.exec(demand)?.[1];
      if (section) return !sections.has(section);
      return !/^RFC \d+/.test(demand);
    };
    const results = report.results as unknown as { id: string; demands?: string[] }[];
    expect(results.filter((r) => !r.demands?.length).map((r) => r.id)).toEqual([]);
    expect([...new Set(results.flatMap((r) => r.demands ?? []).filter(unresolved))]).toEqual([]);
    // junit.xml, as a CI reads it: one testcase per result, the skips marked, no failure.
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(junit.match(/<testcase /g)).toHaveLength(report.results.length);
    expect(junit.match(/<skipped /g) ?? []).toHaveLength(report.summary.skipped);
    expect(junit).toContain(`tests="${report.results.length}" failures="0"`);
  });
});
