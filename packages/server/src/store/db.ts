/**
 * The driver layer's one interface, and queries as values: SQL is written once with the `sql` tag,
 * and each driver renders the placeholders of its own dialect (`?` for SQLite, `$1…` for PostgreSQL).
 * Nothing ever rewrites SQL text, so a `?` inside a literal or PostgreSQL's `?` operators are safe.
 */
export type Param = string | number | null;
export type Row = Record<string, unknown>;

/** A fragment of SQL text inserted as is (a column or a sort direction chosen from a fixed set). */
export class Raw {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** A query: its literal text parts, and the values (bound parameters, raw fragments, sub-queries) between them. */
export class Sql {
  readonly strings: readonly string[];
  readonly values: readonly (Param | Raw | Sql)[];
  constructor(strings: readonly string[], values: readonly (Param | Raw | Sql)[]) {
    this.strings = strings;
    this.values = values;
  }
}

export const sql = (strings: TemplateStringsArray, ...values: (Param | Raw | Sql)[]): Sql => new Sql(strings, values);
export const raw = (text: string): Raw => new Raw(text);
/** `a, b, c` as bound parameters, for `IN (…)` and `VALUES (…)`. */
export const list = (values: readonly Param[]): Sql =>
  new Sql(['', ...values.slice(1).map(() => ', '), ''].slice(0, values.length + 1), values);

/** `(a, b), (c, d)` as bound parameters, for a multi-row `VALUES`. */
export const rows = (values: readonly (readonly Param[])[]): Sql =>
  new Sql(
    ['', ...values.slice(1).map(() => ', '), ''].slice(0, values.length + 1),
    values.map((row) => new Sql(['(', ')'], [list(row)])),
  );

/**
 * The text of a query whose values are all bound parameters, rendered once per query site: a tagged
 * template's `strings` array is the same object at every call, so the text (and the driver's
 * prepared statement, keyed by it) is found without building and hashing the text again.
 */
const flatTexts = new WeakMap<readonly string[], Map<string, string>>();

/** The text and parameters of a query, with the placeholders of a dialect (`n` counts from 1). */
export function render(query: Sql, placeholder: (n: number) => string): { text: string; params: Param[] } {
  if (query.values.every((v) => !(v instanceof Sql) && !(v instanceof Raw))) {
    let byDialect = flatTexts.get(query.strings);
    if (!byDialect) {
      byDialect = new Map();
      flatTexts.set(query.strings, byDialect);
    }
    const dialect = placeholder(1);
    let text = byDialect.get(dialect);
    if (text === undefined) {
      text = query.strings.reduce((out, part, i) => (i === 0 ? part : `${out}${placeholder(i)}${part}`), '');
      byDialect.set(dialect, text);
    }
    return { text, params: query.values as Param[] };
  }
  const params: Param[] = [];
  const walk = (q: Sql): string => {
    let text = q.strings[0] ?? '';
    q.values.forEach((value, i) => {
      if (value instanceof Sql) text += walk(value);
      else if (value instanceof Raw) text += value.text;
      else {
        params.push(value);
        text += placeholder(params.length);
      }
      text += q.strings[i + 1] ?? '';
    });
    return text;
  };
  return { text: walk(query), params };
}

/** What a driver provides. */
export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  all(query: Sql): Promise<Row[]>;
  run(query: Sql): Promise<number>;
  /** Runs `fn` in one transaction; for migrations, also under a lock that other processes respect. */
  transaction<T>(fn: (db: Db) => Promise<T>, options?: { lock?: boolean }): Promise<T>;
  /** Runs DDL text with no parameters (migrations, pragmas). */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

export const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
export const parseJson = (value: unknown) =>
  value === null || value === undefined ? null : (JSON.parse(String(value)) as Record<string, unknown>);
export const str = (value: unknown) => (value === null || value === undefined ? null : String(value));
