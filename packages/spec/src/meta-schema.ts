import { Validator } from '@seriousme/openapi-schema-validator';

/** Validates a bundled document against the official OpenAPI 3.1 meta-schema; returns the errors. */
export async function validateAgainstMetaSchema(document: Record<string, unknown>): Promise<string[]> {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  if (validator.version !== '3.1') return [`expected an OpenAPI 3.1 document, got ${validator.version}`];
  if (result.valid) return [];
  const errors = result.errors;
  return Array.isArray(errors) ? errors.map((e) => JSON.stringify(e)) : [String(errors)];
}
