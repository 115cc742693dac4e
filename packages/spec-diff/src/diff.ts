/**
 * Direction-aware comparison of two versions of the contract (dereferenced OpenAPI 3.1 documents).
 * What breaks a caller differs for what it sends (requests: narrowing breaks) and what it reads
 * (responses: widening breaks). Every change has a location (`METHOD path` and a JSON pointer), a
 * family, a class and the rule that classified it, in plain words.
 */
import {
  HTTP_METHODS,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  patternSamples,
  seeded,
} from '@device-commands/spec';

export type ChangeClass = 'breaking' | 'non-breaking' | 'deprecation' | 'docs-only';
export type Direction = 'request' | 'response';

export interface Change {
  class: ChangeClass;
  /** The rule that classified it (stable id, e.g. `request.enum.value-removed`). */
  rule: string;
  /** `GET /me/devices`, or `(document)` for changes outside operations. */
  operation: string;
  family: string;
  /** JSON pointer into the document. */
  pointer: string;
  message: string;
}

type Schema = Record<string, unknown>;
const DOCS = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  'x-codeSamples',
  'x-upstream-pattern',
]);
const NARROWING_MAX = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
const NARROWING_MIN = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function diffSpecs(before: OpenApiDocument, after: OpenApiDocument): Change[] {
  const out: Change[] = [];
  const familyOf = familyLookup(before, after);
  const push = (c: Omit<Change, 'family'> & { family?: string }) => out.push({ family: 'all', ...c });

  // Servers and families: where clients send requests.
  if (JSON.stringify(urls(before.servers)) !== JSON.stringify(urls(after.servers))) {
    // Declaring root servers where there were none only gives tools a default (OAS: `/`); changing them moves clients.
    const added = urls(before.servers).length === 0;
    push({
      class: added ? 'non-breaking' : 'breaking',
      rule: added ? 'servers.added' : 'servers.changed',
      operation: '(document)',
      pointer: '/servers',
      message: added
        ? `root servers declared: ${urls(after.servers).join(', ')}`
        : `root servers changed: ${urls(before.servers).join(', ')} → ${urls(after.servers).join(', ')}`,
    });
  }
  const fb = familiesBy(before);
  const fa = familiesBy(after);
  for (const [id, f] of fb) {
    const g = fa.get(id);
    if (!g)
      push({
        class: 'breaking',
        rule: 'family.removed',
        operation: '(document)',
        family: id,
        pointer: '/x-families',
        message: `family ${id} removed`,
      });
    else
      for (const key of ['upstream', 'local', 'securityScheme', 'authorization', 'errorEnvelope', 'tag'])
        if (f[key] !== g[key])
          push({
            class: 'breaking',
            rule: `family.${key}.changed`,
            operation: '(document)',
            family: id,
            pointer: '/x-families',
            message: `family ${id}: ${key} ${String(f[key])} → ${String(g[key])}`,
          });
  }
  for (const id of fa.keys())
    if (!fb.has(id))
      push({
        class: 'non-breaking',
        rule: 'family.added',
        operation: '(document)',
        family: id,
        pointer: '/x-families',
        message: `family ${id} added`,
      });
  // Input limits bound what callers may send: a lower or new limit narrows requests (breaking), a
  // higher or removed one widens them.
  const limits = (doc: OpenApiDocument) =>
    ((doc as unknown as Record<string, unknown>)['x-input-limits'] as Record<string, unknown> | undefined) ?? {};
  const lb = limits(before);
  const la = limits(after);
  for (const name of new Set([...Object.keys(lb), ...Object.keys(la)])) {
    const [x, y] = [lb[name], la[name]];
    if (x === y) continue;
    const narrowed = y !== undefined && (x === undefined || Number(y) < Number(x));
    push({
      class: narrowed ? 'breaking' : 'non-breaking',
      rule: x === undefined ? 'input-limit.added' : y === undefined ? 'input-limit.removed' : 'input-limit.changed',
      operation: '(document)',
      pointer: `/x-input-limits/${esc(name)}`,
      message:
        x === undefined
          ? `input limit ${name} = ${String(y)} declared (requests past it are now refused)`
          : y === undefined
            ? `input limit ${name} (${String(x)}) removed`
            : `input limit ${name} ${String(x)} → ${String(y)}${narrowed ? ' (narrowed)' : ' (widened)'}`,
    });
  }
  if (before.info.version !== after.info.version)
    push({
      class: 'docs-only',
      rule: 'info.version.changed',
      operation: '(document)',
      pointer: '/info/version',
      message: `info.version ${before.info.version} → ${after.info.version}`,
    });

  const ops = (doc: OpenApiDocument) => {
    const map = new Map<
      string,
      { path: string; method: string; op: Operation; params: Parameter[]; servers: string[] }
    >();
    for (const [path, item] of Object.entries(doc.paths ?? {}))
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!op) continue;
        const own = op.parameters ?? [];
        const inherited = (item.parameters ?? []).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
        map.set(`${method.toUpperCase()} ${path}`, {
          path,
          method,
          op,
          params: [...inherited, ...own],
          servers: urls(item.servers),
        });
      }
    return map;
  };
  const ob = ops(before);
  const oa = ops(after);
  for (const [key, b] of ob) {
    const a = oa.get(key);
    const family = familyOf(b.op);
    const base = `/paths/${esc(b.path)}/${b.method}`;
    if (!a) {
      const pathGone = !Object.hasOwn(after.paths ?? {}, b.path);
      push({
        class: 'breaking',
        rule: pathGone ? 'path.removed' : 'operation.removed',
        operation: key,
        family,
        pointer: base,
        message: `${key} removed${pathGone ? ' (its path is gone)' : ' (the path stays, without this method)'}`,
      });
      continue;
    }
    const ctx = { operation: key, family, push };
    compareOperation(b, a, base, ctx);
  }
  for (const [key, a] of oa)
    if (!ob.has(key))
      push({
        class: 'non-breaking',
        rule: 'operation.added',
        operation: key,
        family: familyOf(a.op),
        pointer: `/paths/${esc(a.path)}/${a.method}`,
        message: `${key} added`,
      });
  return out;
}

interface Ctx {
  operation: string;
  family: string;
  push: (c: Omit<Change, 'family'> & { family?: string }) => void;
}

function compareOperation(
  b: { op: Operation; params: Parameter[]; servers: string[] },
  a: { op: Operation; params: Parameter[]; servers: string[] },
  base: string,
  ctx: Ctx,
) {
  const add = (cls: ChangeClass, rule: string, pointer: string, message: string) =>
    ctx.push({ class: cls, rule, operation: ctx.operation, family: ctx.family, pointer, message });
  if (JSON.stringify(b.servers) !== JSON.stringify(a.servers))
    add(
      'breaking',
      'servers.changed',
      `${base.replace(/\/[^/]+$/, '')}/servers`,
      `servers changed: ${b.servers.join(', ')} → ${a.servers.join(', ')}`,
    );
  if (!b.op.deprecated && a.op.deprecated)
    add('deprecation', 'operation.deprecated', `${base}/deprecated`, 'deprecated');
  if (b.op.deprecated && !a.op.deprecated)
    add('non-breaking', 'operation.undeprecated', `${base}/deprecated`, 'no longer deprecated');
  for (const key of ['summary', 'description'])
    if (b.op[key] !== a.op[key]) add('docs-only', `operation.${key}`, `${base}/${key}`, `${key} changed`);
  if (b.op.operationId !== a.op.operationId)
    add(
      'breaking',
      'operation.id.changed',
      `${base}/operationId`,
      `operationId ${b.op.operationId} → ${a.op.operationId} (generated clients rename the call)`,
    );

  // Security: who may call it.
  if (JSON.stringify(b.op.security ?? null) !== JSON.stringify(a.op.security ?? null))
    add(
      'breaking',
      'security.changed',
      `${base}/security`,
      `security ${JSON.stringify(b.op.security)} → ${JSON.stringify(a.op.security)}`,
    );
  if (b.op['x-permission'] !== a.op['x-permission'])
    add(
      'breaking',
      'permission.changed',
      `${base}/x-permission`,
      `required permission ${String(b.op['x-permission'])} → ${String(a.op['x-permission'])}`,
    );

  // Parameters: what the caller sends.
  const pkey = (p: Parameter) => `${p.in}:${p.name}`;
  const pb = new Map(b.params.map((p) => [pkey(p), p]));
  const pa = new Map(a.params.map((p) => [pkey(p), p]));
  for (const [k, p] of pb) {
    const q = pa.get(k);
    const at = `${base}/parameters/${esc(k)}`;
    if (!q) {
      add(
        'breaking',
        'request.parameter.removed',
        at,
        `${p.in} parameter ${p.name} removed (callers that send it are refused or ignored)`,
      );
      continue;
    }
    if (!p.required && q.required)
      add('breaking', 'request.parameter.made-required', at, `${p.in} parameter ${p.name} is now required`);
    if (p.required && !q.required)
      add('non-breaking', 'request.parameter.made-optional', at, `${p.in} parameter ${p.name} is now optional`);
    if (p.description !== q.description)
      add('docs-only', 'parameter.description', `${at}/description`, `${p.name}: description changed`);
    compareSchema(p.schema as Schema, q.schema as Schema, 'request', `${at}/schema`, ctx);
  }
  for (const [k, q] of pa)
    if (!pb.has(k))
      add(
        q.required ? 'breaking' : 'non-breaking',
        q.required ? 'request.parameter.added-required' : 'request.parameter.added-optional',
        `${base}/parameters/${esc(k)}`,
        `${q.in} parameter ${q.name} added${q.required ? ' as required' : ''}`,
      );

  // Request body.
  const bb = b.op.requestBody;
  const ba = a.op.requestBody;
  if (!bb && ba)
    add(
      ba.required ? 'breaking' : 'non-breaking',
      ba.required ? 'request.body.added-required' : 'request.body.added-optional',
      `${base}/requestBody`,
      `a request body is ${ba.required ? 'now required' : 'now accepted'}`,
    );
  if (bb && !ba)
    add('breaking', 'request.body.removed', `${base}/requestBody`, 'the request body is no longer accepted');
  if (bb && ba) {
    if (!bb.required && ba.required)
      add('breaking', 'request.body.made-required', `${base}/requestBody/required`, 'the request body is now required');
    for (const [type, media] of Object.entries(bb.content)) {
      const other = ba.content[type];
      const at = `${base}/requestBody/content/${esc(type)}`;
      if (!other) add('breaking', 'request.media-type.removed', at, `${type} bodies are no longer accepted`);
      else compareSchema(media.schema as Schema, other.schema as Schema, 'request', `${at}/schema`, ctx);
    }
    for (const type of Object.keys(ba.content))
      if (!bb.content[type])
        add(
          'non-breaking',
          'request.media-type.added',
          `${base}/requestBody/content/${esc(type)}`,
          `${type} bodies are now accepted`,
        );
  }

  // Responses: what the caller reads.
  const rb = b.op.responses;
  const ra = a.op.responses;
  const success = (r: Record<string, unknown>) =>
    Object.keys(r)
      .filter((s) => /^2/.test(s))
      .sort();
  if (JSON.stringify(success(rb)) !== JSON.stringify(success(ra)))
    add(
      'breaking',
      'response.success-status.changed',
      `${base}/responses`,
      `success status ${success(rb).join(', ')} → ${success(ra).join(', ')} (clients check the status they were promised)`,
    );
  for (const [status, r] of Object.entries(rb)) {
    const q = ra[status];
    const at = `${base}/responses/${esc(status)}`;
    if (!q) {
      if (!/^2/.test(status))
        add(
          'non-breaking',
          'response.status.removed',
          at,
          `status ${status} is no longer documented (clients that handle it are unaffected; implementations lose a documented answer)`,
        );
      continue;
    }
    if (r.description !== q.description)
      add('docs-only', 'response.description', `${at}/description`, `${status}: description changed`);
    compareResponseHeaders(status, r.headers, q.headers, at, add);
    for (const [type, media] of Object.entries(r.content ?? {})) {
      const other = q.content?.[type];
      if (!other)
        add(
          'breaking',
          'response.media-type.removed',
          `${at}/content/${esc(type)}`,
          `${status} no longer answers ${type}`,
        );
      else
        compareSchema(
          media.schema as Schema,
          other.schema as Schema,
          'response',
          `${at}/content/${esc(type)}/schema`,
          ctx,
        );
    }
  }
  for (const status of Object.keys(ra))
    if (!rb[status] && !/^2/.test(status))
      add(
        rb.default ? 'non-breaking' : 'breaking',
        rb.default ? 'response.status.added-covered-by-default' : 'response.status.added',
        `${base}/responses/${esc(status)}`,
        rb.default
          ? `status ${status} documented; it was already covered by the default response, in the same envelope`
          : `status ${status} added (a client that switches on documented statuses has no branch for it)`,
      );
}

type Headers = Record<string, { required?: boolean }> | undefined;

/**
 * Response headers, by what a client reads: a header it may rely on (required) removed or made
 * optional breaks it; a header added, or made required, does not (it may ignore it), but every
 * implementation now owes it, which the message says.
 */
function compareResponseHeaders(
  status: string,
  before: Headers,
  after: Headers,
  at: string,
  add: (cls: ChangeClass, rule: string, pointer: string, message: string) => void,
): void {
  const key = (name: string) => name.toLowerCase();
  const b = new Map(Object.entries(before ?? {}).map(([n, h]) => [key(n), { name: n, h }]));
  const a = new Map(Object.entries(after ?? {}).map(([n, h]) => [key(n), { name: n, h }]));
  for (const [k, { name, h }] of b) {
    const other = a.get(k)?.h;
    const pointer = `${at}/headers/${esc(name)}`;
    if (!other)
      add(
        'breaking',
        'response.header.removed',
        pointer,
        `${status}: header ${name} removed (clients that read it get nothing)`,
      );
    else if (h.required && !other.required)
      add('breaking', 'response.header.made-optional', pointer, `${status}: header ${name} no longer always sent`);
    else if (!h.required && other.required)
      add(
        'non-breaking',
        'response.header.made-required',
        pointer,
        `${status}: header ${name} now always sent (implementations must send it)`,
      );
  }
  for (const [k, { name, h }] of a)
    if (!b.has(k))
      add(
        'non-breaking',
        'response.header.added',
        `${at}/headers/${esc(name)}`,
        `${status}: header ${name} added${h.required ? ' as required (implementations must send it)' : ''}`,
      );
}

/** Compares two schemas in one direction. */
export function compareSchema(
  b: Schema | undefined,
  a: Schema | undefined,
  direction: Direction,
  at: string,
  ctx: Ctx,
): void {
  const add = (cls: ChangeClass, rule: string, pointer: string, message: string) =>
    ctx.push({
      class: cls,
      rule: `${direction}.${rule}`,
      operation: ctx.operation,
      family: ctx.family,
      pointer,
      message,
    });
  /** Narrowing breaks requests; widening breaks responses. */
  const narrowed = (rule: string, pointer: string, message: string) =>
    add(direction === 'request' ? 'breaking' : 'non-breaking', rule, pointer, `${message} (narrowed)`);
  const widened = (rule: string, pointer: string, message: string) =>
    add(direction === 'response' ? 'breaking' : 'non-breaking', rule, pointer, `${message} (widened)`);
  if (!b || !a || typeof b !== 'object' || typeof a !== 'object') {
    if (JSON.stringify(b) !== JSON.stringify(a)) add('breaking', 'schema.replaced', at, 'schema replaced');
    return;
  }
  for (const key of DOCS)
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key]))
      add('docs-only', `schema.${key}`, `${at}/${key}`, `${key} changed`);
  if (!b.deprecated && a.deprecated) add('deprecation', 'schema.deprecated', `${at}/deprecated`, 'deprecated');

  const types = (s: Schema) => (Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : []);
  const tb = types(b);
  const ta = types(a);
  if (tb.length && ta.length && JSON.stringify([...tb].sort()) !== JSON.stringify([...ta].sort())) {
    const lost = tb.filter((t) => !ta.includes(t));
    const gained = ta.filter((t) => !tb.includes(t));
    if (lost.length && gained.length)
      add('breaking', 'type.changed', `${at}/type`, `type ${tb.join('|')} → ${ta.join('|')}`);
    else if (lost.length) narrowed('type.narrowed', `${at}/type`, `type ${tb.join('|')} → ${ta.join('|')}`);
    else widened('type.widened', `${at}/type`, `type ${tb.join('|')} → ${ta.join('|')}`);
  }
  if (JSON.stringify(b.const) !== JSON.stringify(a.const)) {
    if (b.const === undefined) narrowed('const.added', `${at}/const`, `now fixed to ${JSON.stringify(a.const)}`);
    else if (a.const === undefined)
      widened('const.removed', `${at}/const`, `no longer fixed to ${JSON.stringify(b.const)}`);
    else add('breaking', 'const.changed', `${at}/const`, `${JSON.stringify(b.const)} → ${JSON.stringify(a.const)}`);
  }
  if (Array.isArray(b.enum) || Array.isArray(a.enum)) {
    const eb = (b.enum as unknown[] | undefined) ?? [];
    const ea = (a.enum as unknown[] | undefined) ?? [];
    const removed = eb.filter((v) => !ea.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    const added = ea.filter((v) => !eb.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    if (removed.length)
      narrowed(
        'enum.value-removed',
        `${at}/enum`,
        `enum value ${removed.map((v) => JSON.stringify(v)).join(', ')} removed`,
      );
    if (added.length)
      widened('enum.value-added', `${at}/enum`, `enum value ${added.map((v) => JSON.stringify(v)).join(', ')} added`);
  }
  for (const key of NARROWING_MAX) {
    const x = b[key] as number | undefined;
    const y = a[key] as number | undefined;
    if (x === y) continue;
    if (y !== undefined && (x === undefined || y < x))
      narrowed(`${key}.narrowed`, `${at}/${key}`, `${key} ${x ?? 'none'} → ${y}`);
    else widened(`${key}.widened`, `${at}/${key}`, `${key} ${x} → ${y ?? 'none'}`);
  }
  for (const key of NARROWING_MIN) {
    const x = b[key] as number | undefined;
    const y = a[key] as number | undefined;
    if (x === y) continue;
    if (y !== undefined && (x === undefined || y > x))
      narrowed(`${key}.narrowed`, `${at}/${key}`, `${key} ${x ?? 'none'} → ${y}`);
    else widened(`${key}.widened`, `${at}/${key}`, `${key} ${x} → ${y ?? 'none'}`);
  }
  if (b.format !== a.format) {
    if (a.format === undefined) widened('format.removed', `${at}/format`, `format ${String(b.format)} removed`);
    else if (b.format === undefined) narrowed('format.added', `${at}/format`, `format ${String(a.format)} added`);
    else add('breaking', 'format.changed', `${at}/format`, `format ${String(b.format)} → ${String(a.format)}`);
  }
  if (b.pattern !== a.pattern) comparePattern(b, a, at, { add, narrowed, widened });

  // Objects.
  const pb = (b.properties ?? {}) as Record<string, Schema>;
  const pa = (a.properties ?? {}) as Record<string, Schema>;
  const rb = new Set((b.required ?? []) as string[]);
  const ra = new Set((a.required ?? []) as string[]);
  for (const [name, s] of Object.entries(pb)) {
    const at2 = `${at}/properties/${esc(name)}`;
    if (!pa[name]) {
      add(
        'breaking',
        'property.removed',
        at2,
        direction === 'request'
          ? `property ${name} removed (callers that send it are refused or silently ignored)`
          : `property ${name} removed (clients that read it get nothing)`,
      );
      continue;
    }
    compareSchema(s, pa[name], direction, at2, ctx);
  }
  for (const name of Object.keys(pa))
    if (!pb[name]) {
      if (direction === 'request' && ra.has(name))
        add('breaking', 'property.added-required', `${at}/properties/${esc(name)}`, `required property ${name} added`);
      else add('non-breaking', 'property.added', `${at}/properties/${esc(name)}`, `property ${name} added`);
    }
  for (const name of ra)
    if (!rb.has(name) && pb[name])
      add(
        direction === 'request' ? 'breaking' : 'non-breaking',
        'required.added',
        `${at}/required`,
        `${name} is now required`,
      );
  for (const name of rb)
    if (!ra.has(name) && pa[name])
      add(
        direction === 'response' ? 'breaking' : 'non-breaking',
        'required.removed',
        `${at}/required`,
        `${name} is no longer required${direction === 'response' ? ' (clients may not find it)' : ''}`,
      );
  if (
    b.additionalProperties !== a.additionalProperties &&
    (b.additionalProperties === false || a.additionalProperties === false)
  ) {
    if (a.additionalProperties === false)
      narrowed('additional-properties.closed', `${at}/additionalProperties`, 'unknown properties are now refused');
    else widened('additional-properties.opened', `${at}/additionalProperties`, 'unknown properties are now allowed');
  }
  if (b.items || a.items) compareSchema(b.items as Schema, a.items as Schema, direction, `${at}/items`, ctx);

  // Unions (oneOf/anyOf): branch by branch, by title when they have one.
  for (const key of ['oneOf', 'anyOf'] as const) {
    const xb = (b[key] ?? []) as Schema[];
    const xa = (a[key] ?? []) as Schema[];
    if (!xb.length && !xa.length) continue;
    const codeOf = (s: Schema) =>
      ((s.properties as Record<string, Schema> | undefined)?.code as Schema | undefined)?.const;
    const name = (s: Schema, i: number) =>
      s.title !== undefined
        ? String(s.title)
        : s.const !== undefined
          ? JSON.stringify(s.const)
          : codeOf(s) !== undefined
            ? `code ${JSON.stringify(codeOf(s))}`
            : String(i);
    const mb = new Map(xb.map((s, i) => [name(s, i), s]));
    const ma = new Map(xa.map((s, i) => [name(s, i), s]));
    for (const [n, s] of mb) {
      const t = ma.get(n);
      if (!t) narrowed(`${key}.branch-removed`, `${at}/${key}`, `alternative ${n} removed`);
      else compareSchema(s, t, direction, `${at}/${key}/${esc(n)}`, ctx);
    }
    for (const n of ma.keys()) if (!mb.has(n)) widened(`${key}.branch-added`, `${at}/${key}`, `alternative ${n} added`);
  }
}

/**
 * A pattern change is judged by its verdicts, not its text: samples generated from both patterns
 * (and their mutations) are tried with both. Identical verdicts: docs-only (a rewrite). A sample the
 * old pattern accepts and the new one refuses: narrowed. The reverse: widened.
 */
function comparePattern(
  b: Schema,
  a: Schema,
  at: string,
  by: {
    add: (c: ChangeClass, rule: string, pointer: string, message: string) => void;
    narrowed: (rule: string, pointer: string, message: string) => void;
    widened: (rule: string, pointer: string, message: string) => void;
  },
) {
  const pointer = `${at}/pattern`;
  if (b.pattern === undefined) return by.narrowed('pattern.added', pointer, `pattern ${String(a.pattern)} added`);
  if (a.pattern === undefined) return by.widened('pattern.removed', pointer, `pattern ${String(b.pattern)} removed`);
  const rb = new RegExp(String(b.pattern), 'u');
  const ra = new RegExp(String(a.pattern), 'u');
  const random = seeded(20261122);
  const samples = new Set<string>();
  for (const s of [
    { type: 'string', pattern: b.pattern },
    { type: 'string', pattern: a.pattern },
  ])
    for (const { value } of patternSamples(s, { count: 30, random })) samples.add(value);
  const lost = [...samples].filter((s) => rb.test(s) && !ra.test(s));
  const gained = [...samples].filter((s) => !rb.test(s) && ra.test(s));
  const show = (list: string[]) =>
    list
      .slice(0, 3)
      .map((s) => JSON.stringify(s))
      .join(', ');
  if (lost.length && gained.length)
    by.add(
      'breaking',
      'pattern.changed',
      pointer,
      `pattern ${String(b.pattern)} → ${String(a.pattern)}: now refuses ${show(lost)} and accepts ${show(gained)}`,
    );
  else if (lost.length)
    by.narrowed(
      'pattern.narrowed',
      pointer,
      `pattern ${String(b.pattern)} → ${String(a.pattern)}: now refuses ${show(lost)}`,
    );
  else if (gained.length)
    by.widened(
      'pattern.widened',
      pointer,
      `pattern ${String(b.pattern)} → ${String(a.pattern)}: now accepts ${show(gained)}`,
    );
  else
    by.add(
      'docs-only',
      'pattern.rewritten',
      pointer,
      `pattern ${String(b.pattern)} → ${String(a.pattern)}: the same verdict on ${samples.size} samples`,
    );
}

const urls = (servers: unknown) => ((servers as { url: string }[] | undefined) ?? []).map((s) => s.url);

function familiesBy(doc: OpenApiDocument): Map<string, Record<string, unknown>> {
  const list = (doc['x-families'] as Record<string, unknown>[] | undefined) ?? [];
  return new Map(list.map((f) => [String(f.id), f]));
}

/** The family of an operation, by its tag and either document's declaration. */
function familyLookup(before: OpenApiDocument, after: OpenApiDocument) {
  const byTag = new Map<string, string>();
  for (const doc of [before, after])
    for (const f of (doc['x-families'] as { id: string; tag: string }[] | undefined) ?? []) byTag.set(f.tag, f.id);
  return (op: Operation) => (op.tags ?? []).map((t) => byTag.get(t)).find(Boolean) ?? 'unknown';
}
