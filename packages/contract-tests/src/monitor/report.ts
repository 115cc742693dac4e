/**
 * `GET /__monitor/report` and `report.json` on exit: the suite's report shape (summary, coverage,
 * results; report.ts), so one viewer reads both. Each violation (family × operation × rule) is a
 * failed result (`request.*` rules are the clients' violations, counted apart from the
 * implementation's in the summary) with its count, first and last seen, and its redacted example; each operation seen
 * without a violation is a passed one. Nothing is skipped: what was not judged is in `unjudged`.
 */
import { documentedStatuses } from '../judge.ts';
import { RULES } from './examine.ts';
import type { Ledger } from './record.ts';

export function monitorReport(record: Ledger, upstream: string) {
  const exchanges = [...record.exchanges].map(([key, count]) => {
    const [family = '', operationId = '', status = ''] = key.split('|');
    return { family, operationId, status: Number(status), count };
  });
  const failed = [...record.violations.values()].map((v) => ({
    id: `monitor.${v.family}.${v.operation}.${v.rule}`,
    group: 'monitor',
    name: `${v.operation}: ${v.rule} (${v.count} × since ${v.firstSeen})`,
    family: v.family,
    operationId: v.operation,
    demands: [RULES[v.rule] ?? v.rule],
    outcome: 'failed' as const,
    failure: {
      message: v.detail,
      judge: 'monitor',
      response: { status: v.example.status, body: v.example.responseBody ?? '' },
    },
    ms: 0,
    requests: v.count,
    rule: v.rule,
    count: v.count,
    firstSeen: v.firstSeen,
    lastSeen: v.lastSeen,
    example: v.example,
  }));
  const flagged = new Set(failed.map((f) => `${f.family}|${f.operationId}`));
  const passed = [...new Set(exchanges.map((e) => `${e.family}|${e.operationId}`))]
    .filter((key) => !flagged.has(key))
    .map((key) => {
      const [family = '', operationId = ''] = key.split('|');
      const requests = exchanges
        .filter((e) => e.family === family && e.operationId === operationId)
        .reduce((n, e) => n + e.count, 0);
      return {
        id: `monitor.${family}.${operationId}`,
        group: 'monitor',
        name: `${operationId}: no violation in ${requests} exchanges`,
        family,
        operationId,
        demands: ['#/paths'],
        outcome: 'passed' as const,
        ms: 0,
        requests,
      };
    });
  const families = [...new Set(exchanges.map((e) => e.family))].sort();
  const relevant = documentedStatuses.filter((o) => families.includes(o.family));
  const missing = relevant.flatMap((o) =>
    o.statuses
      .filter((s) => !exchanges.some((e) => e.operationId === o.operationId && String(e.status) === s))
      .map((s) => `${o.operationId} ${s}`),
  );
  const total = record.total();
  return {
    summary: {
      target: upstream,
      families,
      seed: 0,
      readOnly: true,
      profile: 'monitor',
      requests: total,
      ms: Date.now() - record.started.getTime(),
      passed: passed.length,
      failed: failed.length,
      skipped: 0,
      // Violations by the implementation (its answers, its availability), and by its clients (requests).
      violations: failed.filter((f) => !f.rule.startsWith('request.')).reduce((n, f) => n + f.count, 0),
      clientViolations: failed.filter((f) => f.rule.startsWith('request.')).reduce((n, f) => n + f.count, 0),
      notSampled: record.notSampled,
      unjudged: Object.fromEntries(record.unjudged),
    },
    coverage: { documented: relevant.reduce((n, o) => n + o.statuses.length, 0), missing },
    results: [...failed, ...passed],
  };
}
