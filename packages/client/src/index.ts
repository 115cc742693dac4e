/**
 * @device-commands/client: typed fetch clients for the two families of the device-commands contract.
 *
 *   const android = createAndroidClient({ token });
 *   const res = await android.GET('/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands', {
 *     params: { path: { organizationId: 'acme-robotics', emmDeviceId: 'R58N123ABCD' } },
 *   });
 *   if (res.status === 404) res.error.error.code; // 3001, typed
 */
import { type ClientFor, type ClientOptions, createTypedClient } from './client.ts';
import type { paths } from './generated/types.gen.ts';

export type { ClientFor, ClientOptions, ResponseValidator, TypedClient } from './client.ts';
export { ApiError, type Family } from './errors.ts';
export type { components, operations, paths } from './generated/types.gen.ts';
export type { ApiData, ApiErrorBody, ApiResult, KnownErrorStatus } from './result.ts';
export { type RetryOptions, retryAfterMs } from './transport.ts';

/** Path prefixes of the two families: each client accepts only its own family's paths. */
export type AndroidPrefix = '/organizations/';
export type GraphPrefix = '/me/';

export const ANDROID_BASE_URL = 'https://api.applivery.io/v1';
export const GRAPH_BASE_URL = 'https://graph.microsoft.com/beta';

/** A client for Applivery's Android Enterprise commands (default base URL: the real API). */
export function createAndroidClient<const O extends ClientOptions>(
  options: O = {} as O,
): ClientFor<paths, AndroidPrefix, O> {
  return createTypedClient<paths, AndroidPrefix, O>('android', ANDROID_BASE_URL, options);
}

/** A client for Microsoft Graph's (deprecated) device commands (default base URL: Graph beta). */
export function createGraphClient<const O extends ClientOptions>(
  options: O = {} as O,
): ClientFor<paths, GraphPrefix, O> {
  return createTypedClient<paths, GraphPrefix, O>('graph', GRAPH_BASE_URL, options);
}
