/**
 * Drift test: the OpenAPI document that the Hono app emits from its generated routes is equivalent
 * to the bundled spec, for every path, method, parameter (name, in, required, schema with pattern),
 * request body, and response status and schema.
 */
import { loadDereferencedSpec, type Operation, operationsOf } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import { DEMO_TOKENS, TokenRegistry } from '../src/auth/tokens.ts';
import { type FamilyId, families } from '../src/generated/routes.gen.ts';
import { createApp } from '../src/http/app.ts';
import { memoryLogger } from '../src/http/logger.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { canonical } from './support/canonical.ts';

const spec = loadDereferencedSpec();
const { familyApps } = createApp({
  store: await openSqliteStore(':memory:'),
  tokens: new TokenRegistry(DEMO_TOKENS),
  logger: memoryLogger(),
  responseValidation: 'off',
});
const emitted = Object.fromEntries(
  (Object.keys(families) as FamilyId[]).map((family) => [
    family,
    familyApps[family].getOpenAPI31Document({ openapi: '3.1.0', info: { title: family, version: '1' } }),
  ]),
);

const specOps = operationsOf(spec);
const familyOf = (path: string) => specOps.find((o) => o.path === path)?.family.id ?? '';

function emittedOperation(path: string, method: string): Operation | undefined {
  const doc = emitted[familyOf(path)] as unknown as { paths: Record<string, Record<string, Operation>> };
  return doc.paths[path]?.[method];
}

const view = (op: Operation | undefined, parameters: Operation['parameters']) => ({
  parameters: (parameters ?? [])
    .map((p) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: canonical(p.schema) }))
    .sort((a, b) => `${a.in}${a.name}`.localeCompare(`${b.in}${b.name}`)),
  requestBody: op?.requestBody && {
    required: Boolean(op.requestBody.required),
    content: Object.fromEntries(Object.entries(op.requestBody.content).map(([t, m]) => [t, canonical(m.schema)])),
  },
  responses: Object.fromEntries(
    Object.entries(op?.responses ?? {}).map(([status, r]) => [
      status,
      Object.fromEntries(Object.entries(r.content ?? {}).map(([t, m]) => [t, canonical(m.schema)])),
    ]),
  ),
});

describe('the routes generated from the spec', () => {
  it('cover exactly the operations of the spec', () => {
    const fromApps = Object.entries(emitted).flatMap(([, doc]) =>
      Object.entries((doc as unknown as { paths: Record<string, object> }).paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method} ${path}`),
      ),
    );
    expect(fromApps.sort()).toEqual(specOps.map((o) => `${o.method} ${o.path}`).sort());
  });

  it.each(specOps.map((o) => [o.operation.operationId, o] as const))('emit %s as the spec describes it', (_id, o) => {
    const op = emittedOperation(o.path, o.method);
    expect(op, `${o.method} ${o.path} is missing`).toBeDefined();
    expect(view(op, op?.parameters)).toEqual(view(o.operation, o.parameters));
  });

  it('keep every pattern as the exact ECMAScript source, with no flags appended', () => {
    const patterns = (doc: unknown) =>
      [...JSON.stringify(doc).matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map(
        (m) => JSON.parse(m[1] as string) as string,
      );
    const fromApps = new Set(Object.values(emitted).flatMap(patterns));
    expect(fromApps.size).toBeGreaterThan(5);
    for (const p of fromApps) expect(p).not.toMatch(/\/[a-z]*$/);
    expect([...fromApps].every((p) => patterns(spec).includes(p))).toBe(true);
  });
});
