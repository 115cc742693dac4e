/** What every check reads: the contract's operations, valid bodies, and each family's error codes. */
import { loadDereferencedSpec, type Operation, operationsOf } from '@device-commands/spec';
import type { FamilyRuntime } from '../runner.ts';

export const spec = loadDereferencedSpec();
export const operations = operationsOf(spec);

/**
 * The error codes the contract documents per family and situation (openapi/README.md, "Error
 * codes"). The suite asserts them exactly: a schema alone accepts any code the envelope allows.
 */
export const CODES: Record<
  string,
  {
    missingToken: number | string;
    invalidToken: number | string;
    forbidden: number | string;
    validation: number | string;
    notFound: number | string;
    routeNotFound: number | string;
    notAllowed: number | string;
    unsupportedMediaType: number | string;
    payloadTooLarge: number | string;
    noFeature?: number;
    notPending?: number;
  }
> = {
  android: {
    missingToken: 4002,
    invalidToken: 4004,
    forbidden: 4003,
    validation: 3000,
    notFound: 3001,
    routeNotFound: 1002,
    notAllowed: 1003,
    unsupportedMediaType: 1004,
    payloadTooLarge: 1005,
    noFeature: 5050,
    notPending: 5052,
  },
  graph: {
    missingToken: 'InvalidAuthenticationToken',
    invalidToken: 'InvalidAuthenticationToken',
    forbidden: 'accessDenied',
    validation: 'invalidRequest',
    notFound: 'itemNotFound',
    routeNotFound: 'itemNotFound',
    notAllowed: 'notAllowed',
    unsupportedMediaType: 'notSupported',
    payloadTooLarge: 'invalidRequest',
  },
};

export function codes(family: string) {
  const found = CODES[family];
  if (!found) throw new Error(`the suite knows no error codes of family ${family}`);
  return found;
}

/** The first named example of an operation's request body. */
export function validBody(op: Operation): unknown {
  return Object.values(op.requestBody?.content['application/json']?.examples ?? {})[0]?.value;
}

/** A path template filled with the family's configured values, overridden by `values`. */
export function fillPath(template: string, family: FamilyRuntime, values: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? family.path[name] ?? ''),
  );
}

/** The path parameters of a template. */
export const parametersOf = (template: string) => [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');

/** `path:<name>` needs for every parameter of a template. */
export const pathNeeds = (template: string) => parametersOf(template).map((name) => `path:${name}`);

/** Safe methods change nothing (RFC 9110, 9.2.1). */
export const isSafe = (method: string) => ['get', 'head', 'options'].includes(method.toLowerCase());
