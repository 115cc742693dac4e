/**
 * openapi/README.md records a decision for every upstream inconsistency in the research digest, and
 * the contract states each departure where docs readers will see it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, operationsOf, specRoot } from '../src/index.ts';

const readme = readFileSync(join(dirname(specRoot), 'README.md'), 'utf8');
const decisions = readme.slice(readme.indexOf('## Decisions'));
const rows = new Map(
  decisions
    .split('\n')
    .filter((line) => /^\| [A-Z]+\d+ \|/.test(line))
    .map((line) => {
      const cells = line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      return [cells[0] ?? '', cells.slice(1)] as const;
    }),
);

// The digest's resolution table (AP1–AP12, G1–G10) and the inconsistencies it lists only in prose.
const digestItems = [
  ...Array.from({ length: 12 }, (_, i) => `AP${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `G${i + 1}`),
];

describe('the Decisions table', () => {
  it.each(digestItems)('has a row for %s with upstream text, our choice and a reason', (id) => {
    const cells = rows.get(id);
    expect(cells, `no row ${id}`).toBeDefined();
    expect(cells).toHaveLength(3);
    for (const cell of cells ?? []) expect(cell.length).toBeGreaterThan(10);
  });

  it('numbers its own decisions without gaps', () => {
    const own = [...rows.keys()].filter((id) => id.startsWith('D'));
    expect(own).toEqual(own.map((_, i) => `D${i + 1}`));
  });
});

describe('the contract', () => {
  const spec = loadSpec();
  const parameters = Object.values(spec.components?.parameters ?? {}) as Record<string, unknown>[];

  it('explains every upstream pattern it replaces, in the parameter description', () => {
    const replaced = parameters.filter((p) => p['x-upstream-pattern']);
    expect(replaced.map((p) => p.name)).toEqual(['organizationId', 'emmDeviceId']);
    for (const p of replaced) expect(String(p.description)).toContain('**Departs from upstream:**');
  });

  it('tells readers of every Graph operation that it is deprecated since September 30, 2020', () => {
    const graph = operationsOf(spec).filter((o) => o.path.startsWith('/me/'));
    expect(graph).toHaveLength(4);
    for (const { operation } of graph) {
      expect(operation.deprecated).toBe(true);
      expect(String(operation.description)).toContain('stopped returning data on September 30, 2020');
    }
  });
});
