/** Auth, retries, timeouts, the throwing style and response validation, with fetch stubbed. */
import { loadDereferencedSpec } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ContractViolationError,
  createAndroidClient,
  createGraphClient,
  isApiError,
  type Middleware,
  retryAfterMs,
  UnexpectedResponseError,
} from '../src/index.ts';
import { createValidator } from '../src/validation.ts';

const COMMAND = '/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands/{emmCommandId}';
const params = {
  path: { organizationId: 'acme-robotics', emmDeviceId: 'R58N123ABCD', emmCommandId: '65a1f0c2e4b0a1b2c3d4e701' },
};
const command = { id: '65a1f0c2e4b0a1b2c3d4e701', status: 'DONE' };
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fetch that answers from a script and records what it was asked. */
function scripted(...answers: (Response | ((request: Request) => Response | Promise<Response>))[]) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    const next = answers.length > 1 ? answers.shift() : answers[0];
    if (!next) throw new Error('no answer scripted');
    return typeof next === 'function' ? next(request) : next.clone();
  };
  return { fetch, requests };
}

describe('authentication', () => {
  it('sends the token as a bearer token', async () => {
    const { fetch, requests } = scripted(json({ status: true, data: command }));
    await createAndroidClient({ baseUrl: 'http://api.test/v1', token: 'secret', fetch }).GET(COMMAND, { params });
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer secret');
    expect(requests[0]?.url).toBe(
      'http://api.test/v1/organizations/acme-robotics/mdm/android/enterprise/devices/R58N123ABCD/commands/65a1f0c2e4b0a1b2c3d4e701',
    );
  });

  it('asks getToken for a fresh token on every request', async () => {
    let n = 0;
    const { fetch, requests } = scripted(json({ status: true, data: command }));
    const client = createAndroidClient({ baseUrl: 'http://api.test/v1', getToken: async () => `t${++n}`, fetch });
    await client.GET(COMMAND, { params });
    await client.GET(COMMAND, { params });
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('defaults to the real upstream base URLs', () => {
    expect(createAndroidClient().baseUrl).toBe('https://api.applivery.io/v1');
    expect(createGraphClient().baseUrl).toBe('https://graph.microsoft.com/beta');
  });
});

describe('retries', () => {
  it('retry an idempotent request answered 503, then return the success', async () => {
    const { fetch, requests } = scripted(json({}, 503), json({}, 503), json({ status: true, data: command }));
    const res = await createAndroidClient({ token: 't', fetch, retry: { baseDelayMs: 1 } }).GET(COMMAND, { params });
    expect(res.status).toBe(200);
    expect(requests).toHaveLength(3);
  });

  it('stop after the configured number of retries and return the last answer', async () => {
    const { fetch, requests } = scripted(json({ status: false, error: { code: 1, message: 'busy' } }, 429));
    const res = await createAndroidClient({ token: 't', fetch, retry: { retries: 3, baseDelayMs: 1 } }).GET(COMMAND, {
      params,
    });
    expect(res.status).toBe(429);
    expect(requests).toHaveLength(4);
  });

  it('never retry a POST', async () => {
    const { fetch, requests } = scripted(
      json({ status: false, error: { code: 1008, message: 'Service unavailable' } }, 503),
    );
    const res = await createAndroidClient({ token: 't', fetch, retry: { baseDelayMs: 1 } }).POST(`${COMMAND}/cancel`, {
      params,
    });
    expect(res.status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  it('do not retry other statuses', async () => {
    const { fetch, requests } = scripted(json({ status: false, error: { code: 1000, message: 'x' } }, 500));
    await createAndroidClient({ token: 't', fetch }).GET(COMMAND, { params });
    expect(requests).toHaveLength(1);
  });

  it('honour Retry-After in seconds, capped by maxDelayMs', async () => {
    const { fetch, requests } = scripted(json({}, 503, { 'retry-after': '1' }), json({ status: true, data: command }));
    const started = performance.now();
    await createAndroidClient({ token: 't', fetch, retry: { maxDelayMs: 100 } }).GET(COMMAND, { params });
    const waited = performance.now() - started;
    expect(requests).toHaveLength(2);
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(900);
  });

  it.each([
    ['2', 2000],
    ['0', 0],
    [new Date(Date.UTC(2026, 0, 1, 0, 0, 5)).toUTCString(), 5000],
    ['soon', undefined],
    [null, undefined],
  ] as const)('read Retry-After %j as %j ms', (header, ms) => {
    expect(retryAfterMs(header, Date.UTC(2026, 0, 1))).toBe(ms);
  });
});

describe('timeouts', () => {
  it('abort a call that takes longer than timeoutMs, retries included', async () => {
    const hang = (request: Request) =>
      new Promise<Response>((_, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason)),
      );
    const client = createAndroidClient({ token: 't', fetch: hang, timeoutMs: 50 });
    const started = performance.now();
    await expect(client.GET(COMMAND, { params })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stop waiting between retries when the time is up', async () => {
    const { fetch } = scripted(json({}, 503, { 'retry-after': '10' }));
    const client = createAndroidClient({ token: 't', fetch, timeoutMs: 50, retry: { maxDelayMs: 10_000 } });
    await expect(client.GET(COMMAND, { params })).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('the throwing style', () => {
  it('returns the success body', async () => {
    const { fetch } = scripted(json({ status: true, data: command }));
    const data = await createAndroidClient({ token: 't', fetch, throwOnError: true }).GET(COMMAND, { params });
    expect(data.data.id).toBe(command.id);
  });

  it.each([
    ['android', 404, { status: false, error: { code: 3001, message: 'Entity not found' } }, 3001, 'Entity not found'],
    [
      'graph',
      401,
      { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } },
      'InvalidAuthenticationToken',
      'Access token is empty.',
    ],
  ] as const)('throws a typed ApiError for a %s %i', async (family, status, body, code, message) => {
    const { fetch } = scripted(json(body, status, { 'request-id': 'req-1' }));
    const options = { token: 't', fetch, throwOnError: true } as const;
    const call =
      family === 'android'
        ? createAndroidClient(options).GET(COMMAND, { params })
        : createGraphClient(options).GET('/me/devices/{device-id}/commands/{command-id}', {
            params: { path: { 'device-id': 'd', 'command-id': 'AB' } },
          });
    const error = (await call.catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect({ family: error.family, status: error.status, code: error.code, requestId: error.requestId }).toEqual({
      family,
      status,
      code,
      requestId: 'req-1',
    });
    expect(error.message).toContain(message);
    expect(error.body).toEqual(body);
    expect(isApiError(error, family)).toBe(true);
    expect(isApiError(error, family === 'android' ? 'graph' : 'android')).toBe(false);
  });
});

describe('aborting', () => {
  it('ends a wait for Retry-After at once when the caller aborts, without timeoutMs', async () => {
    const { fetch } = scripted(json({}, 503, { 'retry-after': '3' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    const call = createAndroidClient({ token: 't', fetch }).GET(COMMAND, { params, signal: controller.signal });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never starts when the signal is already aborted', async () => {
    const { fetch, requests } = scripted(json({ status: true, data: command }));
    const call = createAndroidClient({ token: 't', fetch }).GET(COMMAND, { params, signal: AbortSignal.abort() });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests.filter((r) => !r.signal.aborted)).toEqual([]);
  });
});

describe('answers outside the contract', () => {
  it.each([
    [
      'an HTML 502 from a gateway',
      new Response('<html><body>Bad gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      'text/html',
    ],
    ['a JSON 500 that is not the envelope', json({ message: 'boom' }, 500), 'application/json'],
    ['a plain-text 200', new Response('OK', { status: 200, headers: { 'content-type': 'text/plain' } }), 'text/plain'],
  ])('%s is an UnexpectedResponseError in both styles', async (_name, answer, type) => {
    for (const throwOnError of [false, true]) {
      const { fetch } = scripted(answer);
      const error = await createAndroidClient({ token: 't', fetch, throwOnError, retry: false })
        .GET(COMMAND, { params })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      const unexpected = error as UnexpectedResponseError;
      expect(unexpected.status).toBe(answer.status);
      expect(unexpected.contentType).toBe(type);
      expect(unexpected.text.length).toBeGreaterThan(0);
      expect(isApiError(error)).toBe(false);
    }
  });
});

describe('middleware', () => {
  it('runs the user’s onRequest before auth and its onResponse after retries', async () => {
    const seen: string[] = [];
    const mine: Middleware = {
      onRequest: ({ request }) => {
        seen.push(`request auth=${request.headers.get('authorization') ?? 'none'}`);
        request.headers.set('x-trace', 'abc');
        return request;
      },
      onResponse: ({ response }) => {
        seen.push(`response ${response.status}`);
        return undefined;
      },
    };
    const { fetch, requests } = scripted(json({}, 503, { 'retry-after': '0' }), json({ status: true, data: command }));
    const res = await createAndroidClient({ token: 't', fetch, middleware: [mine] }).GET(COMMAND, { params });
    expect(res.status).toBe(200);
    expect(seen).toEqual(['request auth=none', 'response 200']);
    expect(requests.map((r) => [r.headers.get('x-trace'), r.headers.get('authorization')])).toEqual([
      ['abc', 'Bearer t'],
      ['abc', 'Bearer t'],
    ]);
  });

  it('asks getToken again for every retry, so a refreshed token is used', async () => {
    let n = 0;
    const { fetch, requests } = scripted(json({}, 503, { 'retry-after': '0' }), json({ status: true, data: command }));
    await createAndroidClient({ getToken: () => `t${++n}`, fetch }).GET(COMMAND, { params });
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('calls onError when the network fails, and use() adds middleware later', async () => {
    const errors: unknown[] = [];
    const client = createAndroidClient({
      token: 't',
      fetch: async () => Promise.reject(new TypeError('fetch failed')),
    });
    client.use({ onError: ({ error }) => void errors.push(error) });
    await expect(client.GET(COMMAND, { params })).rejects.toThrow('fetch failed');
    expect(errors).toHaveLength(1);
  });
});

describe('response validation (opt-in)', () => {
  const validateResponses = createValidator(loadDereferencedSpec());

  it('rejects a body that breaks the contract', async () => {
    const { fetch } = scripted(json({ status: true, data: { id: 'not-hex', status: 'DONE' } }));
    const call = createAndroidClient({ token: 't', fetch, validateResponses }).GET(COMMAND, { params });
    await expect(call).rejects.toBeInstanceOf(ContractViolationError);
    await expect(call).rejects.toMatchObject({ problems: [expect.stringMatching(/data\/id/)] });
    await expect(
      createAndroidClient({ token: 't', fetch, validateResponses }).GET(COMMAND, { params }),
    ).rejects.toThrow(/data\/id must match pattern/);
  });

  it('rejects an error code the status does not document', async () => {
    const { fetch } = scripted(json({ status: false, error: { code: 4004, message: 'Invalid Token' } }, 404));
    await expect(
      createAndroidClient({ token: 't', fetch, validateResponses }).GET(COMMAND, { params }),
    ).rejects.toThrow(/breaks the contract/);
  });

  it('accepts a conforming body', async () => {
    const { fetch } = scripted(json({ status: true, data: command }));
    const res = await createAndroidClient({ token: 't', fetch, validateResponses }).GET(COMMAND, { params });
    expect(res.ok).toBe(true);
  });

  it('is off unless asked for', async () => {
    const { fetch } = scripted(json({ status: true, data: { id: 'not-hex' } }));
    expect((await createAndroidClient({ token: 't', fetch }).GET(COMMAND, { params })).status).toBe(200);
  });
});
