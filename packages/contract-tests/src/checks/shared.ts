/** What every check reads: the contract's operations, valid bodies, and each family's error codes. */
import { familiesOf, loadDereferencedSpec, type Operation, operationsOf } from '@device-commands/spec';
import type { FamilyRuntime } from '../runner.ts';

export const spec = loadDereferencedSpec();
export const operations = operationsOf(spec);

type Code = number | string;

type Schema = Record<string, unknown>;

/** The one error code that a family's documented responses for `status` pin (`const`), if exactly one. */
function documentedCode(family: string, status: string): Code | undefined {
  const found = new Set<Code>();
  for (const o of operations.filter((x) => x.family.id === family)) {
    const schema = o.operation.responses[status]?.content?.['application/json']?.schema as Schema | undefined;
    const error = (schema?.properties as Record<string, Schema> | undefined)?.error;
    const code = (error?.properties as Record<string, Schema> | undefined)?.code?.const;
    if (code !== undefined) found.add(code as Code);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * What the spec cannot say with one `const`: which of a 401's alternatives answers a missing token
 * and which a wrong one, which of a 400's is the validation code, and the codes of answers that belong
 * to no operation (unknown route, 405), as each family declares them (`situations` in `x-families`).
 */
function situational(family: string): Partial<Record<Situation, Code>> {
  const declared = familiesOf(spec).find((f) => f.id === family)?.situations;
  if (!declared) return {};
  return {
    missingToken: declared.missingToken,
    invalidToken: declared.invalidToken,
    validation: declared.validation,
    routeNotFound: declared.routeNotFound,
    notAllowed: declared.methodNotAllowed,
    ...(declared.planLacksFeature === undefined ? {} : { noFeature: declared.planLacksFeature }),
    ...(declared.notPending === undefined ? {} : { notPending: declared.notPending }),
  };
}
type Situation =
  | 'missingToken'
  | 'invalidToken'
  | 'forbidden'
  | 'validation'
  | 'notFound'
  | 'routeNotFound'
  | 'notAllowed'
  | 'unsupportedMediaType'
  | 'payloadTooLarge'
  | 'noFeature'
  | 'notPending';

/**
 * The exact code the suite expects per family and situation: read from the documented responses
 * where they pin one (403, 404, 413, 415, and Graph's 400 and 401), from the family's declared situations otherwise. A
 * schema alone accepts any code the envelope allows; the suite asserts the documented one.
 */
export function codes(
  family: string,
): Record<Exclude<Situation, 'noFeature' | 'notPending'>, Code> & { noFeature?: Code; notPending?: Code } {
  const known = memo.get(family);
  if (known) return known;
  const fromSpec = {
    missingToken: documentedCode(family, '401'),
    invalidToken: documentedCode(family, '401'),
    forbidden: documentedCode(family, '403'),
    validation: documentedCode(family, '400'),
    notFound: documentedCode(family, '404'),
    unsupportedMediaType: documentedCode(family, '415'),
    payloadTooLarge: documentedCode(family, '413'),
  };
  const merged: Record<string, Code | undefined> = { ...fromSpec, ...situational(family) };
  for (const key of [
    'missingToken',
    'invalidToken',
    'forbidden',
    'validation',
    'notFound',
    'routeNotFound',
    'notAllowed',
    'unsupportedMediaType',
    'payloadTooLarge',
  ])
    if (merged[key] === undefined) throw new Error(`the suite knows no ${key} code of family ${family}`);
  memo.set(family, merged as ReturnType<typeof codes>);
  return merged as ReturnType<typeof codes>;
}
const memo = new Map<string, ReturnType<typeof codes>>();

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

/** A JSON pointer into the bundle (RFC 6901): `pointer('paths', '/me/devices', 'get')` → `#/paths/~1me~1devices/get`. */
export const pointer = (...segments: (string | number)[]) =>
  `#/${segments.map((s) => String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/** The rule of openapi/README.md that fixes each family's error codes. */
export const ERROR_CODES = 'openapi/README.md#error-codes';

/** What an operation needs: its `x-permission`, or the scopes of its security requirement. */
export const grantsOf = (op: (typeof operations)[number]): string[] =>
  op.family.authorization === 'x-permission'
    ? [String(op.operation['x-permission'] ?? '')]
    : (op.operation.security ?? []).flatMap((requirement) => Object.values(requirement).flat());

/** Per family, what any unsafe operation needs (`family:grant`): a read-only token holds none of it. */
export const writeGrants = new Set(
  operations.filter((o) => !isSafe(o.method)).flatMap((o) => grantsOf(o).map((g) => `${o.family.id}:${g}`)),
);

/**
 * The read-only role of a family, as the contract defines it: exactly the grants of the safe
 * operations that need no write grant (a read that needs a write grant, like Graph's command status
 * under Device.Command, is not a read-only token's).
 */
export const readOnlyGrants = (family: string): string[] => [
  ...new Set(
    operations
      .filter((o) => o.family.id === family && isSafe(o.method))
      .map(grantsOf)
      .filter((grants) => !grants.some((g) => writeGrants.has(`${family}:${g}`)))
      .flat(),
  ),
];

/** Every grant of a family: what the full role holds. */
export const allGrants = (family: string): string[] => [
  ...new Set(operations.filter((o) => o.family.id === family).flatMap(grantsOf)),
];
