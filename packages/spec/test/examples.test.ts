/**
 * Every named example in the contract is valid against its schema and uses no property the schema
 * does not declare, checked by our own Ajv (independently of Redocly's lint).
 */
import { describe, expect, it } from 'vitest';
import { closeSchema, createSpecAjv, loadDereferencedSpec, type MediaType, operationsOf } from '../src/index.ts';

const ajv = createSpecAjv();
const doc = loadDereferencedSpec();

interface ExampleCase {
  where: string;
  schema: object;
  value: unknown;
}

const cases: ExampleCase[] = [];
const mediaExamples = (where: string, content: Record<string, MediaType> | undefined) => {
  for (const [type, media] of Object.entries(content ?? {})) {
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      cases.push({ where: `${where} ${type} example "${name}"`, schema: media.schema as object, value: example.value });
    }
  }
};
for (const { operation, parameters } of operationsOf(doc)) {
  const id = operation.operationId;
  for (const p of parameters) {
    if (p.example !== undefined)
      cases.push({ where: `${id} parameter ${p.name}`, schema: p.schema as object, value: p.example });
    for (const [name, ex] of Object.entries(p.examples ?? {})) {
      cases.push({ where: `${id} parameter ${p.name} example "${name}"`, schema: p.schema as object, value: ex.value });
    }
  }
  mediaExamples(`${id} request body`, operation.requestBody?.content);
  for (const [status, response] of Object.entries(operation.responses)) {
    mediaExamples(`${id} ${status} response`, response.content);
  }
}

describe('the named examples', () => {
  it('cover every request body and every response of every operation', () => {
    for (const { operation } of operationsOf(doc)) {
      const bodies = [operation.requestBody?.content, ...Object.values(operation.responses).map((r) => r.content)];
      for (const content of bodies) {
        for (const media of Object.values(content ?? {})) {
          expect(Object.keys(media.examples ?? {}).length, operation.operationId).toBeGreaterThan(0);
        }
      }
    }
    expect(cases.length).toBeGreaterThan(80);
  });

  it.each(cases.map((c) => [c.where, c] as const))('%s is valid and declares nothing unknown', (_where, c) => {
    const validate = ajv.compile(closeSchema(c.schema));
    const valid = validate(c.value);
    expect(valid ? [] : validate.errors).toEqual([]);
  });
});
