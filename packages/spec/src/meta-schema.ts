import { Validator } from '@seriousme/openapi-schema-validator';

// One validator for the process: compiling the meta-schema costs about 300 ms, a validation about 15.
let validator: Validator | undefined;

/** Validates a bundled document against the official OpenAPI 3.1 meta-schema; returns the errors. */
export async function validateAgainstMetaSchema(document: Record<string, unknown>): Promise<string[]> {
  validator ??= new Validator();
  const result = await validator.validate(structuredClone(document));
  if (validator.version !== '3.1') return [`expected an OpenAPI 3.1 document, got ${validator.version}`];
  if (result.valid) return [];
  const errors = result.errors;
  return Array.isArray(errors) ? errors.map((e) => JSON.stringify(e)) : [String(errors)];
}
