/** Check 1: every operation × every documented status was exercised at least once. */
import { describe, expect, it } from 'vitest';
import { documentedStatuses, exchanges } from '../support/oracle.ts';

export function coverageMatrix(): { rows: string[]; missing: string[] } {
  const rows: string[] = [];
  const missing: string[] = [];
  const statuses = [...new Set(documentedStatuses.flatMap((o) => o.statuses))].sort();
  const width = Math.max(...documentedStatuses.map((o) => o.operationId.length));
  rows.push(`${'operation'.padEnd(width)}  ${statuses.map((s) => s.padStart(5)).join('')}`);
  for (const { operationId, statuses: documented } of documentedStatuses) {
    const cells = statuses.map((status) => {
      if (!documented.includes(status)) return '    ·';
      const n = exchanges.filter((e) => e.operationId === operationId && String(e.status) === status).length;
      if (n === 0) missing.push(`${operationId} ${status}`);
      return String(n === 0 ? '✗' : n).padStart(5);
    });
    rows.push(`${operationId.padEnd(width)}  ${cells.join('')}`);
  }
  return { rows, missing };
}

export function coverageChecks() {
  describe('1. coverage', () => {
    it('exercised every documented status of every operation (100%)', () => {
      const { rows, missing } = coverageMatrix();
      const documented = documentedStatuses.reduce((n, o) => n + o.statuses.length, 0);
      console.log(
        `\nCoverage matrix: requests per operation × documented status (· = not documented)\n${rows.join('\n')}\n` +
          `${documented - missing.length}/${documented} documented statuses exercised by ${exchanges.length} requests\n`,
      );
      expect(missing).toEqual([]);
    });
  });
}
