import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * An Ajv configured for this contract's schemas (JSON Schema 2020-12, the OAS 3.1 dialect).
 *
 * - Formats are validated (`date-time`, `uri`, …): they are part of the contract.
 * - Patterns are compiled with the `u` flag (`unicodeRegExp: true`): OAS 3.1 patterns are ECMA-262,
 *   and Unicode mode is the stricter reading (it rejects the useless escapes `\-` and `\:` that
 *   other dialects let through), so every pattern in the contract must compile under it.
 * - OpenAPI's own keywords (`discriminator`, `example`, `x-…`) are annotations, not assertions.
 */
export function createSpecAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, unicodeRegExp: true });
  addFormats.default(ajv);
  ajv.addKeyword({ keyword: 'discriminator' });
  ajv.addKeyword({ keyword: 'example' });
  ajv.addKeyword({ keyword: 'xml' });
  ajv.addKeyword({ keyword: 'externalDocs' });
  return ajv;
}

/**
 * Returns a copy of a dereferenced schema in which every object schema that declares `properties`
 * and says nothing about additional ones is closed (`unevaluatedProperties: false`). Used to prove
 * that examples carry no property the contract does not declare.
 */
export function closeSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => closeSchema(s)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'examples' || key === 'const' || key === 'enum' ? value : closeSchema(value);
  }
  if ('properties' in out && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) {
    out.unevaluatedProperties = false;
  }
  return out as T;
}
