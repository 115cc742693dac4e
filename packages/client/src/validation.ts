/**
 * Opt-in runtime response validation for development and tests:
 *
 *   import { createValidator } from '@device-commands/client/validation';
 *   const android = createAndroidClient({ validateResponses: createValidator() });
 *
 * By default it validates against the contract this client was generated from (shipped in this
 * entry point); pass any dereferenced OpenAPI 3.1 document to use another. Needs the optional peers
 * `ajv` and `ajv-formats`; a separate entry point so that the main bundle stays small.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ResponseValidator } from './client.ts';
import { contract } from './generated/contract.gen.ts';
import { documentedResponse } from './generated/documented-response.gen.ts';

type Responses = Record<string, { content?: Record<string, { schema?: object }> }>;

/** A dereferenced OpenAPI 3.1 document (only `paths` is read). */
export interface DereferencedDocument {
  paths: object;
}

export function createValidator(document: DereferencedDocument = contract): ResponseValidator {
  const paths = document.paths as Record<string, Record<string, { responses?: Responses } | undefined> | undefined>;
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: true });
  (addFormats as unknown as { default: (a: Ajv2020) => void }).default?.(ajv) ??
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const cache = new Map<object, ReturnType<Ajv2020['compile']>>();
  return ({ method, path, status, body }) => {
    const responses = paths[path]?.[method]?.responses;
    if (!responses) return [`${method.toUpperCase()} ${path} is not in the contract`];
    const response = documentedResponse(responses, status)?.response;
    if (!response) return [`status ${status} is not documented for ${method.toUpperCase()} ${path}`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [];
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      cache.set(schema, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? ''}`.trim());
  };
}
