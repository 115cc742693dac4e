/**
 * @device-commands/client: typed fetch clients for the two families of the device-commands contract.
 *
 *   const android = createAndroidClient({ token });
 *   const res = await android.GET('/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands', {
 *     params: { path: { organizationId: 'acme-robotics', emmDeviceId: 'R58N123ABCD' } },
 *   });
 *   if (res.status === 404) res.error.error.code; // 3001, typed
 */
import { type ClientFor, type ClientOptions, createTypedClient, type ExactOptions } from './client.ts';
import { FAMILIES, type FamilyId, type FamilyPaths } from './generated/families.gen.ts';
import type { paths } from './generated/types.gen.ts';

export type {
  Answer,
  ClientFor,
  ClientOptions,
  ExactOptions,
  OperationCall,
  ResponseValidator,
  Throwing,
  TypedClient,
} from './client.ts';
export {
  type AnyApiError,
  ApiError,
  ContractViolationError,
  type Family,
  type FamilyApiError,
  isApiError,
  UnexpectedResponseError,
} from './errors.ts';
export { FAMILIES, type FamilyId, type FamilyPaths, METHODS, type Method } from './generated/families.gen.ts';
export * from './generated/operations.gen.ts';
export type { components, operations, paths } from './generated/types.gen.ts';
export {
  authMiddleware,
  type Middleware,
  type RetryOptions,
  retryAfterMs,
  retryMiddleware,
  type TokenSource,
  timeoutMiddleware,
} from './middleware.ts';
export type { ApiData, ApiErrorBody, ApiResult, KnownErrorStatus } from './result.ts';

/** The paths of each family (generated from the contract): each client accepts only its own family's. */
export type AndroidPaths = FamilyPaths['android'];
export type GraphPaths = FamilyPaths['graph'];

export const ANDROID_BASE_URL = FAMILIES.android.upstream;
export const GRAPH_BASE_URL = FAMILIES.graph.upstream;

/** A client for any family the contract declares (default base URL: the family's upstream). */
export function createFamilyClient<F extends FamilyId, const O extends ClientOptions>(
  family: F,
  options: ExactOptions<O> = {} as ExactOptions<O>,
): ClientFor<paths, FamilyPaths[F], O> {
  return createTypedClient<paths, FamilyPaths[F], O>(family, FAMILIES[family].upstream, options);
}

/** A client for Applivery's Android Enterprise commands (default base URL: the real API). */
export function createAndroidClient<const O extends ClientOptions>(
  options: ExactOptions<O> = {} as ExactOptions<O>,
): ClientFor<paths, AndroidPaths, O> {
  return createFamilyClient('android', options);
}

/** A client for Microsoft Graph's (deprecated) device commands (default base URL: Graph beta). */
export function createGraphClient<const O extends ClientOptions>(
  options: ExactOptions<O> = {} as ExactOptions<O>,
): ClientFor<paths, GraphPaths, O> {
  return createFamilyClient('graph', options);
}
