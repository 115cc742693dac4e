/**
 * The driver layer renders its own dialect's placeholders from `sql` queries: no SQL text is ever
 * rewritten, so a `?` in a literal (and PostgreSQL's `?` operators) reach the database untouched.
 */
import { describe, expect, it } from 'vitest';
import { type Db, list, raw, type Sql, sql } from '../../src/store/db.ts';

interface Case {
  name: string;
  query: Sql;
  expected: Record<string, unknown>[];
  only?: Db['dialect'];
}

const cases: Case[] = [
  {
    name: 'a ? inside a string literal stays text',
    query: sql`SELECT '?' AS q, ${'seven'} AS n`,
    expected: [{ q: '?', n: 'seven' }],
  },
  {
    name: 'a ? inside a literal before and after parameters',
    query: sql`SELECT ${'a'} AS a, 'x?y' AS lit, ${'b'} AS b`,
    expected: [{ a: 'a', lit: 'x?y', b: 'b' }],
  },
  {
    name: 'lists and sub-queries compose, parameters numbered in order',
    query: sql`SELECT ${'first'} AS f WHERE ${2} IN (${list([1, 2, 3])}) AND ${sql`${'z'}`} = 'z'`,
    expected: [{ f: 'first' }],
  },
  { name: 'a raw fragment is inserted as is', query: sql`SELECT 1 AS ${raw('one')}`, expected: [{ one: 1 }] },
  {
    name: "PostgreSQL's jsonb ? operator is not a placeholder",
    query: sql`SELECT ('{"a":1}'::jsonb ? 'a') AS has, ${5}::int AS n`,
    expected: [{ has: true, n: 5 }],
    only: 'postgres',
  },
];

export function driverConformance(name: string, open: () => Promise<Db>) {
  describe(`the ${name} driver`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const db = await open();
      try {
        if (c.only && c.only !== db.dialect) return;
        const rows = (await db.all(c.query)).map((row) =>
          Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
        );
        expect(rows).toEqual(c.expected);
      } finally {
        await db.close();
      }
    });
  });
}
