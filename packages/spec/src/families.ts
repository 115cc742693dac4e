/**
 * The API families, as the contract declares them once (`x-families` in openapi/openapi.yaml), and
 * the only place that decides which family an operation, a spec path or a local request path
 * belongs to. Nothing else guesses a family from a path prefix or a host.
 */
import type { HttpMethod, OpenApiDocument, Operation } from './document.ts';

/** One family, as declared in `x-families`. */
export interface FamilyDeclaration {
  /** Identifier used in code (`android`, `graph`): a lowercase word. */
  id: string;
  /** Display name. */
  name: string;
  /** The tag every operation of the family carries (and no other operation). */
  tag: string;
  /** The upstream base URL (the real API). */
  upstream: string;
  /** The local reference server's base URL for this family. */
  local: string;
  /** The security scheme (components.securitySchemes) of every operation of the family. */
  securityScheme: string;
  /** How an operation names what a caller needs: its `x-permission`, or its security scopes. */
  authorization: 'x-permission' | 'scopes';
  /** With `x-permission`: the prefix every permission of the family starts with. */
  permissionPrefix?: string;
  /** The family's general error envelope (a components.schemas name). */
  errorEnvelope: string;
  /** Where the family's error responses live (relative to openapi/). */
  errorResponses: string;
  /** The success envelope: `{status: true, data}` (wrapped) or the resource itself (bare). */
  successEnvelope: { kind: 'wrapped'; status: true; data: string } | { kind: 'bare' };
  /**
   * The codes the contract fixes by situation rather than by one response's `const`: which 401
   * alternative a missing and a wrong token get, the validation code, the codes of answers that
   * belong to no operation, and the family's own situations.
   */
  situations: Situations;
  /** Every operation of a deprecated family is deprecated. */
  deprecated?: boolean;
}

export interface Situations {
  missingToken: number | string;
  invalidToken: number | string;
  validation: number | string;
  routeNotFound: number | string;
  methodNotAllowed: number | string;
  planLacksFeature?: number | string;
  notPending?: number | string;
}

export interface Family extends FamilyDeclaration {
  /** The path under which the local reference server serves the family (`/applivery/v1`). */
  basePath: string;
}

/** The families a document declares, in declaration order. Throws when there are none. */
export function familiesOf(doc: OpenApiDocument): Family[] {
  const declared = doc['x-families'];
  if (!Array.isArray(declared) || declared.length === 0)
    throw new Error('the contract declares no API families (root `x-families`)');
  return (declared as FamilyDeclaration[]).map((f) => ({
    ...f,
    basePath: new URL(f.local).pathname.replace(/\/$/, ''),
  }));
}

/** The one family an operation belongs to, by its tag. Throws when it belongs to none or several. */
export function familyOfOperation(families: readonly Family[], operation: Operation): Family {
  const found = families.filter((f) => operation.tags?.includes(f.tag));
  if (found.length !== 1)
    throw new Error(
      `operation ${operation.operationId} belongs to ${found.length} declared families (tags: ${(operation.tags ?? []).join(', ') || 'none'})`,
    );
  return found[0] as Family;
}

/** The family of a path of the contract (`/me/devices`), from its operations. */
export function familyOfPath(doc: OpenApiDocument, path: string, families = familiesOf(doc)): Family {
  const item = doc.paths[path];
  if (!item) throw new Error(`${path} is not a path of the contract`);
  const ids = new Set<Family>();
  for (const method of HTTP_METHOD_NAMES) {
    const operation = item[method];
    if (operation) ids.add(familyOfOperation(families, operation));
  }
  if (ids.size !== 1) throw new Error(`${path} has operations of ${ids.size} families`);
  return [...ids][0] as Family;
}

/**
 * The family whose local base path a request path starts with (`/graph/beta/me/devices` → graph),
 * and the rest of the path (`/me/devices`); undefined outside every family.
 */
export function familyOfRequestPath<F extends Pick<Family, 'basePath'>>(
  families: readonly F[],
  requestPath: string,
): { family: F; path: string } | undefined {
  for (const family of families) {
    if (requestPath === family.basePath || requestPath.startsWith(`${family.basePath}/`))
      return { family, path: requestPath.slice(family.basePath.length) || '/' };
  }
  return undefined;
}

const HTTP_METHOD_NAMES: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
