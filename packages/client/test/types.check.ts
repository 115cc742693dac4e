/**
 * Type tests, checked by `tsc` (pnpm typecheck): the client's types come from the spec, results
 * narrow by status, and mistakes do not compile. Each `@ts-expect-error` must stay an error.
 */
import { expectTypeOf } from 'vitest';
import {
  ApiError,
  type ApiResult,
  cancelAndroidDeviceCommand,
  createAndroidClient,
  createGraphClient,
  getDeviceCommand,
  isApiError,
  type operations,
  UnexpectedResponseError,
} from '../src/index.ts';

const android = createAndroidClient({ baseUrl: 'http://localhost:4000/applivery/v1', token: 't' });
const graph = createGraphClient({ token: 't' });
const path = { organizationId: 'acme-robotics', emmDeviceId: 'R58N123ABCD' };
const COMMANDS = '/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands';
const COMMAND = `${COMMANDS}/{emmCommandId}` as const;

export async function narrowingByStatus() {
  const res = await android.GET(COMMAND, { params: { path: { ...path, emmCommandId: '65a1f0c2e4b0a1b2c3d4e701' } } });
  if (res.status === 200) {
    expectTypeOf(res.data.data.status).toEqualTypeOf<'PENDING' | 'DONE' | 'CANCEL'>();
    expectTypeOf(res.error).toEqualTypeOf<undefined>();
  }
  if (res.status === 404) {
    expectTypeOf(res.error.error.code).toEqualTypeOf<3001>();
    expectTypeOf(res.error.error.message).toEqualTypeOf<'Entity not found'>();
  }
  if (res.status === 401) expectTypeOf(res.error.error.code).toEqualTypeOf<4002 | 4004>();
  if (res.status === 400) expectTypeOf(res.error.error.code).toEqualTypeOf<3000 | 5050>();
  if (res.status === 500) expectTypeOf(res.error.error.code).toEqualTypeOf<number>();
  if (res.ok) expectTypeOf(res.status).toEqualTypeOf<200>();
  expectTypeOf(res.requestId).toEqualTypeOf<string | null>();

  const cancel = await android.POST(`${COMMAND}/cancel`, { params: { path: { ...path, emmCommandId: 'x' } } });
  if (cancel.status === 400) expectTypeOf(cancel.error.error.code).toEqualTypeOf<3000 | 5050 | 5052>();

  const sent = await graph.POST('/me/devices/{device-id}/commands', {
    params: { path: { 'device-id': 'd' } },
    body: { type: 'LaunchUri', payload: { uri: 'https://bing.com' } },
  });
  if (sent.status === 201)
    expectTypeOf(sent.data.status).toEqualTypeOf<
      | 'requesting'
      | 'sentToTarget'
      | 'executing'
      | 'completed'
      | 'failedToSend'
      | 'executionFailed'
      | 'commandDropped'
      | 'cancel'
      | 'cancelling'
      | 'canceled'
      | 'retry'
      | 'expired'
      | 'error'
      | 'custom'
    >();
  if (sent.status === 403) expectTypeOf(sent.error.error.code).toEqualTypeOf<'accessDenied'>();
}

export async function theThrowingStyle() {
  const strict = createAndroidClient({ token: 't', throwOnError: true });
  const data = await strict.GET(COMMAND, { params: { path: { ...path, emmCommandId: 'x' } } });
  expectTypeOf(data.data.id).toEqualTypeOf<string>();
  expectTypeOf<ApiError['code']>().toEqualTypeOf<number | string | undefined>();
}

export async function aBooleanThrowOnErrorGivesEitherShape(flag: boolean) {
  const either = createAndroidClient({ token: 't', throwOnError: flag });
  const answer = await either.GET(COMMAND, { params: { path: { ...path, emmCommandId: 'x' } } });
  type Data = Extract<ApiResult<operations['getAndroidDeviceCommand']>, { ok: true }>['data'];
  expectTypeOf(answer).toEqualTypeOf<Data | ApiResult<operations['getAndroidDeviceCommand']>>();
  const never = createAndroidClient({ token: 't', throwOnError: false });
  const result = await never.GET(COMMAND, { params: { path: { ...path, emmCommandId: 'x' } } });
  expectTypeOf(result.status).toEqualTypeOf<ApiResult<operations['getAndroidDeviceCommand']>['status']>();
}

export function errorsNarrowByFamily(error: unknown) {
  if (error instanceof ApiError) {
    expectTypeOf(error.body).toEqualTypeOf<unknown>();
    // @ts-expect-error the family-neutral view does not pretend to know the body
    error.body.no.such.field;
  }
  if (isApiError(error)) {
    if (error.family === 'android') {
      expectTypeOf(error.code).toEqualTypeOf<number>();
      expectTypeOf(error.body.status).toEqualTypeOf<false>();
    } else {
      expectTypeOf(error.code).toEqualTypeOf<string>();
      expectTypeOf(error.body.error.innerError).not.toBeAny();
    }
  }
  if (isApiError(error, 'graph')) expectTypeOf(error.code).toEqualTypeOf<string>();
  if (error instanceof UnexpectedResponseError) {
    expectTypeOf(error.contentType).toEqualTypeOf<string | null>();
    expectTypeOf(error.text).toEqualTypeOf<string>();
  }
}

export function misspeltOptionsDoNotCompile() {
  // @ts-expect-error a misspelt option beside a real one
  createAndroidClient({ token: 't', throwOnErorr: true });
  // @ts-expect-error a misspelt option alone
  createGraphClient({ tokn: 't' });
}

export async function mistakesDoNotCompile() {
  // @ts-expect-error an unknown path
  await android.GET('/organizations/{organizationId}/devices');
  // @ts-expect-error a Graph path on the Android client
  await android.GET('/me/devices');
  // @ts-expect-error a missing path parameter (emmDeviceId)
  await android.GET(COMMANDS, { params: { path: { organizationId: 'acme' } } });
  // @ts-expect-error no parameters at all for a path that has them
  await android.GET(COMMANDS);
  // @ts-expect-error a wrong enum value for the command type
  await android.POST(COMMANDS, { params: { path }, body: { type: 'WIPE' } });
  const SEND = '/me/devices/{device-id}/commands';
  const d = { path: { 'device-id': 'd' } };
  // @ts-expect-error a wrong enum value for the Graph command type (casing)
  await graph.POST(SEND, { params: d, body: { type: 'launchUri', payload: {} } });
  // @ts-expect-error an undocumented method on a path
  await android.DELETE(COMMANDS, { params: { path } });
  const res = await android.GET(COMMANDS, { params: { path } });
  if (res.status === 404) {
    // @ts-expect-error a 404 has no data
    res.data.data;
  }
  // @ts-expect-error the list documents no 201
  if (res.status === 201) return;
}

export async function perOperationHelpers() {
  const cancelled = await cancelAndroidDeviceCommand(android, {
    params: { path: { ...path, emmCommandId: '65a1f0c2e4b0a1b2c3d4e701' } },
  });
  if (cancelled.status === 400) expectTypeOf(cancelled.error.error.code).toEqualTypeOf<3000 | 5050 | 5052>();
  if (cancelled.status === 200) expectTypeOf(cancelled.data.data.status).toEqualTypeOf<'PENDING' | 'DONE' | 'CANCEL'>();
  const strict = createGraphClient({ token: 't', throwOnError: true });
  const status = await getDeviceCommand(strict, { params: { path: { 'device-id': 'd', 'command-id': 'c' } } });
  expectTypeOf(status.id).toEqualTypeOf<string>();
  // @ts-expect-error a Graph helper on the Android client
  await getDeviceCommand(android, { params: { path: { 'device-id': 'd', 'command-id': 'c' } } });
  // @ts-expect-error a helper without its path parameters
  await cancelAndroidDeviceCommand(android, { params: { path } });
}
