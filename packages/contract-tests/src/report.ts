/** Reports a CI can use: the console summary, junit.xml and report.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageMatrix } from './checks/coverage.ts';
import type { Exchange } from './oracle.ts';
import type { Result } from './runner.ts';

export interface Summary {
  target: string;
  families: string[];
  seed: number;
  readOnly: boolean;
  profile: string;
  requests: number;
  ms: number;
  aborted?: string | undefined;
  passed: number;
  failed: number;
  skipped: number;
}

export function summarize(results: Result[], base: Omit<Summary, 'passed' | 'failed' | 'skipped'>): Summary {
  const count = (o: Result['outcome']) => results.filter((r) => r.outcome === o).length;
  return { ...base, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

export function consoleReport(results: Result[], exchanges: Exchange[], summary: Summary): string {
  const lines: string[] = [];
  const { rows, missing, documented } = coverageMatrix(exchanges, summary.families);
  lines.push('', 'Coverage: requests per operation × documented status (· = not documented, ✗ = never seen)', ...rows);
  lines.push(
    `${documented - missing.length}/${documented} documented statuses exercised by ${exchanges.length} requests`,
    '',
  );
  const skippedBy = new Map<string, number>();
  for (const r of results.filter((x) => x.outcome === 'skipped'))
    skippedBy.set(r.reason ?? '', (skippedBy.get(r.reason ?? '') ?? 0) + 1);
  if (skippedBy.size > 0) {
    lines.push('Skipped (never counted as passed):');
    for (const [reason, n] of [...skippedBy].sort((a, b) => b[1] - a[1]))
      lines.push(`  ${String(n).padStart(5)} × ${reason}`);
    lines.push('');
  }
  const failed = results.filter((r) => r.outcome === 'failed');
  if (failed.length > 0) {
    lines.push('Failures, by operation:');
    const byOperation = new Map<string, Result[]>();
    for (const r of failed)
      byOperation.set(r.operationId ?? r.group, [...(byOperation.get(r.operationId ?? r.group) ?? []), r]);
    for (const [operation, list] of byOperation) {
      lines.push(`  ${operation} (${list.length})`);
      for (const r of list) {
        lines.push(`    ✗ ${r.name}`, `      ${r.failure?.judge}: ${r.failure?.message}`);
        if (r.demands.length > 0) lines.push(`      demanded by: ${r.demands.join(', ')}`);
        if (r.failure?.curl) lines.push(`      reproduce: ${r.failure.curl}`);
        if (r.failure?.response)
          lines.push(`      got: ${r.failure.response.status} ${r.failure.response.body.slice(0, 200)}`);
      }
    }
    lines.push('');
  }
  lines.push(
    `target ${summary.target} · families ${summary.families.join(', ')} · seed ${summary.seed} (replay with --seed ${summary.seed})` +
      `${summary.readOnly ? ' · read-only' : ''}${summary.profile !== 'real' ? ` · profile ${summary.profile}` : ''} · ${summary.requests} requests in ${(summary.ms / 1000).toFixed(1)} s`,
  );
  if (summary.aborted) lines.push(`ABORTED: ${summary.aborted}`);
  lines.push(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  return lines.join('\n');
}

const xml = (value: string) =>
  value
    .replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c)
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );

export function junit(results: Result[], summary: Summary): string {
  const groups = [...new Set(results.map((r) => r.group))];
  const suites = groups.map((group) => {
    const list = results.filter((r) => r.group === group);
    const cases = list.map((r) => {
      const open = `    <testcase classname="contract.${xml(group)}" name="${xml(r.name)}" time="${(r.ms / 1000).toFixed(3)}">`;
      if (r.outcome === 'passed') return `${open}</testcase>`;
      if (r.outcome === 'skipped') return `${open}<skipped message="${xml(r.reason ?? '')}"/></testcase>`;
      const detail = [
        r.failure?.message,
        r.demands.length > 0 && `demanded by: ${r.demands.join(', ')}`,
        r.failure?.curl && `reproduce: ${r.failure.curl}`,
        r.failure?.response && `got: ${r.failure.response.status} ${r.failure.response.body}`,
      ]
        .filter(Boolean)
        .join('\n');
      return `${open}<failure message="${xml(r.failure?.message ?? '')}" type="${xml(r.failure?.judge ?? '')}">${xml(detail)}</failure></testcase>`;
    });
    const count = (o: Result['outcome']) => list.filter((r) => r.outcome === o).length;
    return `  <testsuite name="contract.${xml(group)}" tests="${list.length}" failures="${count('failed')}" skipped="${count('skipped')}" time="${(list.reduce((n, r) => n + r.ms, 0) / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="device-commands contract" tests="${results.length}" failures="${summary.failed}" skipped="${summary.skipped}" time="${(summary.ms / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function writeReports(dir: string, results: Result[], exchanges: Exchange[], summary: Summary): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'junit.xml'), junit(results, summary));
  const { missing, documented } = coverageMatrix(exchanges, summary.families);
  writeFileSync(
    join(dir, 'report.json'),
    `${JSON.stringify({ summary, coverage: { documented, missing }, results }, null, 2)}\n`,
  );
}
