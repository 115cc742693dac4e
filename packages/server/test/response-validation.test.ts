/**
 * Every outgoing response is checked against the contract in development and tests, and an
 * unexpected error is a 500 in the family's envelope with no stack trace.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { DEMO_TOKENS, TokenRegistry } from '../src/auth/tokens.ts';
import { createApp } from '../src/http/app.ts';
import type { AppEnv } from '../src/http/env.ts';
import { memoryLogger } from '../src/http/logger.ts';
import { SEED, seedData } from '../src/store/seed.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import type { Store } from '../src/store/types.ts';
import { type ResponseValidationMode, responseValidation, type Violation } from '../src/validation/responses.ts';
import { DEVICE_PATH, GRAPH_DEVICE_PATH, TOKENS } from './support/harness.ts';

const BROKEN_ID = '65a1f0c2e4b0a1b2c3d4e7ff';

/** A store holding one command that breaks the contract (a timestamp that is not RFC 3339). */
async function brokenStore(): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  await store.seed(seedData());
  const [seeded] = seedData().androidCommands;
  if (!seeded) throw new Error('no seed');
  await store.android.insertCommand({ ...seeded, id: BROKEN_ID, createdAt: 'yesterday afternoon' });
  return store;
}

async function appWith(mode: ResponseValidationMode, store?: Store) {
  const logger = memoryLogger();
  const made = createApp({
    store: store ?? (await brokenStore()),
    tokens: new TokenRegistry(DEMO_TOKENS),
    logger,
    responseValidation: mode,
  });
  const get = (path: string, token: string = TOKENS.androidAdmin) =>
    made.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { ...made, logger, get };
}

describe('response validation', () => {
  it('in strict mode (tests) records the violation and answers 500 in the family envelope instead', async () => {
    const { get, violations, logger } = await appWith('strict');
    const res = await get(`${DEVICE_PATH}/commands/${BROKEN_ID}`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ status: false, error: { code: 1000, message: 'Internal error' } });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ operationId: 'getAndroidDeviceCommand', status: 200 });
    expect(violations[0]?.problems.join()).toMatch(/body\/data\/createdAt/);
    expect(logger.records.some((r) => r.level === 'error' && r.message === 'response violates the contract')).toBe(
      true,
    );
  });

  it('in log mode (development) logs the violation and still sends the response', async () => {
    const { get, violations, logger } = await appWith('log');
    const res = await get(`${DEVICE_PATH}/commands/${BROKEN_ID}`);
    expect(res.status).toBe(200);
    expect(violations).toHaveLength(1);
    expect(logger.records.filter((r) => r.level === 'error')).toHaveLength(1);
  });

  it('is off by default in production: nothing is checked', async () => {
    const { get, violations } = await appWith('off');
    expect((await get(`${DEVICE_PATH}/commands/${BROKEN_ID}`)).status).toBe(200);
    expect(violations).toEqual([]);
  });

  it('passes responses that keep the contract, including errors that no operation produced', async () => {
    const { get, violations } = await appWith('strict');
    expect((await get(`${DEVICE_PATH}/commands/${SEED.commands.done}`)).status).toBe(200);
    expect((await get(`${DEVICE_PATH}/commands/${SEED.commands.done}`, 'bad-token-xxxxxxxxxxxx')).status).toBe(401);
    expect((await get('/applivery/v1/nowhere')).status).toBe(404);
    expect((await get(`${GRAPH_DEVICE_PATH}/commands/ABC`, TOKENS.graphAna)).status).toBe(404);
    expect(violations).toEqual([]);
  });
});

describe('an unexpected error', () => {
  async function failing() {
    const store = await openSqliteStore(':memory:');
    await store.seed(seedData());
    const fail = <T extends object>(repository: T, method: string): T =>
      new Proxy(repository, {
        get(target, key, receiver) {
          if (key === method) return async () => Promise.reject(new Error('disk on fire'));
          return Reflect.get(target, key, receiver);
        },
      });
    const broken = Object.assign(Object.create(store) as typeof store, {
      android: fail(store.android, 'findOrganization'),
      graph: fail(store.graph, 'findDevice'),
    });
    return appWith('strict', broken);
  }

  it.each([
    [
      'Android',
      DEVICE_PATH.concat('/commands'),
      TOKENS.androidAdmin,
      { status: false, error: { code: 1000, message: 'Internal error' } },
    ],
    [
      'Graph',
      GRAPH_DEVICE_PATH.concat('/commands/ABC'),
      TOKENS.graphAna,
      { error: { code: 'generalException', message: 'An internal server error occurred.' } },
    ],
  ] as const)(
    'in the %s family is a 500 in its envelope, without a stack trace, logged with the request id',
    async (_family, path, token, expected) => {
      const { get, logger, violations } = await failing();
      const res = await get(path, token);
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(JSON.parse(text)).toMatchObject(expected);
      expect(text).not.toMatch(/disk on fire|at .*\(|\.ts:\d+/);
      const logged = logger.records.find((r) => r.message === 'unhandled error');
      expect(logged?.fields.requestId).toBe(res.headers.get('request-id'));
      expect(JSON.stringify(logged?.fields.error)).toMatch(/disk on fire/);
      expect(violations).toEqual([]);
    },
  );
});

describe('response validation of an answer however it was built', () => {
  // A real answer of getAndroidDeviceCommand, sent again by a route that builds it in different ways.
  const valid = async () => {
    const { get } = await appWith('strict');
    return (await (await get(`${DEVICE_PATH}/commands/${SEED.commands.done}`)).json()) as Record<string, unknown>;
  };
  const judge = async (answer: (c: import('hono').Context<AppEnv>, body: Record<string, unknown>) => Response) => {
    const body = await valid();
    const violations: Violation[] = [];
    const app = new Hono<AppEnv>();
    app.use('*', responseValidation('log', memoryLogger(), violations));
    app.get('*', (c) => {
      c.set('operationId', 'getAndroidDeviceCommand');
      return answer(c, body);
    });
    await (await app.request(`${DEVICE_PATH}/commands/${SEED.commands.done}`)).arrayBuffer();
    return violations.flatMap((v) => v.problems);
  };
  it.each<[string, (c: import('hono').Context<AppEnv>, body: Record<string, unknown>) => Response, RegExp | null]>([
    ['c.json with the contract’s body', (c, body) => c.json(body, 200), null],
    [
      'c.json with another content type in its headers',
      (c, body) => c.json(body, 200, { 'Content-Type': 'text/plain' }),
      /content-type is "text\/plain"/,
    ],
    [
      'c.json with another content type in its init',
      (c, body) => c.json(body, { status: 200, headers: new Headers({ 'content-type': 'text/html' }) }),
      /content-type is "text\/html"/,
    ],
    ['c.json with a body that breaks the schema', (c) => c.json({ status: true }, 200), /body\/data/],
    [
      'c.body with JSON text',
      (c, body) => c.body(JSON.stringify(body), 200, { 'content-type': 'application/json' }),
      null,
    ],
    [
      'c.body with JSON text that breaks the schema',
      (c) => c.body('{"status":true}', 200, { 'content-type': 'application/json' }),
      /body\/data/,
    ],
    ['c.text', (c) => c.text('fine', 200), /content-type is "text\/plain/],
    [
      'c.body with text that is not JSON',
      (c) => c.body('not json', 200, { 'content-type': 'application/json' }),
      /body is not JSON/,
    ],
  ])('%s', async (_name, answer, problem) => {
    const problems = await judge(answer);
    if (problem) expect(problems.join('\n')).toMatch(problem);
    else expect(problems).toEqual([]);
  });
});
