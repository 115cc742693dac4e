/**
 * Queries as values: one text per query site and dialect, placeholders counted in order, raw
 * fragments and nested queries inlined. The text of a query site is rendered once and reused, so
 * a wrong reuse (another dialect's placeholders, another site's text) would send the wrong SQL.
 */
import { describe, expect, it } from 'vitest';
import { list, raw, render, type Sql, sql } from '../src/store/db.ts';

const question = () => '?';
const dollar = (n: number) => `$${n}`;
const byId = (id: string, org: string) => sql`SELECT * FROM t WHERE id = ${id} AND org = ${org}`;
const sorted = (column: string) => sql`SELECT * FROM t WHERE org = ${'o'} ORDER BY ${raw(column)} LIMIT ${10}`;

describe('render', () => {
  it.each<[string, Sql, (n: number) => string, string, unknown[]]>([
    ['a site, for SQLite', byId('a', 'o'), question, 'SELECT * FROM t WHERE id = ? AND org = ?', ['a', 'o']],
    ['the same site, for PostgreSQL', byId('b', 'p'), dollar, 'SELECT * FROM t WHERE id = $1 AND org = $2', ['b', 'p']],
    [
      'the same site again, for SQLite',
      byId('c', 'q'),
      question,
      'SELECT * FROM t WHERE id = ? AND org = ?',
      ['c', 'q'],
    ],
    [
      'a raw fragment',
      sorted('created_at'),
      dollar,
      'SELECT * FROM t WHERE org = $1 ORDER BY created_at LIMIT $2',
      ['o', 10],
    ],
    [
      'another raw fragment at the same site',
      sorted('updated_at'),
      question,
      'SELECT * FROM t WHERE org = ? ORDER BY updated_at LIMIT ?',
      ['o', 10],
    ],
    [
      'a nested list',
      sql`INSERT INTO t VALUES (${list(['x', 1, null])})`,
      dollar,
      'INSERT INTO t VALUES ($1, $2, $3)',
      ['x', 1, null],
    ],
    ['no values', sql`SELECT 1`, question, 'SELECT 1', []],
  ])('%s', (_name, query, placeholder, text, params) => {
    expect(render(query, placeholder)).toEqual({ text, params });
  });
});
