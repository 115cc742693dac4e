/**
 * What reaches the server over a real socket before the app sees it, or never completes: headers or
 * a URL over the contract's limit (431), a slow client (408, and the connection closed), malformed
 * HTTP (400), a client that disconnects mid-body, and more connections than the limit. Each answer is
 * the family's envelope; none is a 500, and none is logged as an error.
 */
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, TokenRegistry } from '../src/auth/tokens.ts';
import { inputLimits } from '../src/generated/routes.gen.ts';
import { createApp } from '../src/http/app.ts';
import { memoryLogger } from '../src/http/logger.ts';
import { createNodeServer } from '../src/http/node-server.ts';
import { SEED, seedData } from '../src/store/seed.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { DEVICE_PATH, GRAPH_DEVICE_PATH, TOKENS } from './support/harness.ts';

const logger = memoryLogger();
const LIMITS = { headersTimeoutMs: 600, requestTimeoutMs: 1200, keepAliveTimeoutMs: 1000, maxConnections: 20 };
let port = 0;
let close: () => Promise<void>;
let openConnections: () => Promise<number>;

/** Polls `probe` until `done` holds (a condition, not a fixed wait), at most 10 s. */
async function until<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 10 s; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  const store = await openSqliteStore(':memory:');
  await store.seed(seedData());
  const { app } = createApp({ store, tokens: new TokenRegistry(DEMO_TOKENS), logger, responseValidation: 'strict' });
  const server = createNodeServer(app.fetch, LIMITS, logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  openConnections = () =>
    new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
});
afterAll(() => close());

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from the first byte sent to the connection's end. */
  ms: number;
}

/** Sends raw bytes (optionally in parts, with pauses), and reads until the server closes. */
function raw(parts: (string | number)[], options: { destroyAfterSend?: boolean } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket: Socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body, ms: performance.now() - started });
    });
    socket.on('connect', async () => {
      try {
        for (const part of parts) {
          if (typeof part === 'number') await new Promise((r) => setTimeout(r, part));
          else socket.write(part);
        }
        if (options.destroyAfterSend) socket.destroy();
      } catch (error) {
        reject(error);
      }
    });
  });
}

const get = (path: string, extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TOKENS.androidAdmin}\r\nConnection: close\r\n${extra}\r\n`;

describe('requests the server refuses before routing', () => {
  it.each([
    ['Android headers', `${DEVICE_PATH}/commands`, `X-Padding: ${'a'.repeat(inputLimits.maxHeaderBytes)}\r\n`, 1006],
    ['a Graph URL', `${GRAPH_DEVICE_PATH}/commands?q=${'a'.repeat(inputLimits.maxHeaderBytes)}`, '', 'invalidRequest'],
  ])('answers %s over the header limit with 431 in the family envelope', async (_name, path, extra, code) => {
    const res = await raw([get(path, extra)]);
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((JSON.parse(res.body) as { error: { code: unknown } }).error.code).toBe(code);
  });

  it('answers headers just under the limit normally', async () => {
    const res = await raw([
      get(`${DEVICE_PATH}/commands`, `X-Padding: ${'a'.repeat(inputLimits.maxHeaderBytes - 600)}\r\n`),
    ]);
    expect(res.status).toBe(200);
  });

  it('answers malformed HTTP with 400 in the family envelope', async () => {
    const res = await raw([`GET ${GRAPH_DEVICE_PATH}/commands HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n`]);
    expect(res.status).toBe(400);
    expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('invalidRequest');
  });

  it('closes a slowloris connection (partial headers, a byte now and then) after the headers timeout, with 408', async () => {
    const drip = Array.from({ length: 30 }, () => ['X', 100] as const).flat();
    const res = await raw([`GET ${DEVICE_PATH}/commands HTTP/1.1\r\nHost: x\r\n`, 200, 'X-A: 1\r\n', ...drip]);
    expect(res.status).toBe(408);
    expect((JSON.parse(res.body) as { error: { code: number } }).error.code).toBe(1007);
    expect(res.ms).toBeLessThan(LIMITS.headersTimeoutMs + 1500);
  });

  it('closes a connection whose body never completes after the request timeout', async () => {
    const res = await raw([
      `POST ${DEVICE_PATH}/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.androidAdmin}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":`,
      4000,
    ]);
    expect(res.ms).toBeLessThan(LIMITS.requestTimeoutMs + 1500);
    expect([0, 400, 408]).toContain(res.status);
  });
});

describe('headers read and written at the socket', () => {
  const request = (path: string, extra: string) =>
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`;
  const auth = `Authorization: Bearer ${TOKENS.androidAdmin}\r\n`;
  it.each([
    { name: 'a command list', path: `${DEVICE_PATH}/commands`, extra: auth, status: 200 },
    { name: 'no token', path: `${DEVICE_PATH}/commands`, extra: '', status: 401 },
    { name: 'an unknown route', path: `${DEVICE_PATH}/nothing`, extra: auth, status: 404 },
    { name: 'a Graph answer', path: `${GRAPH_DEVICE_PATH}/commands`, extra: '', status: 401 },
  ])('$name ($status) carries request-id and echoes a safe client-request-id', async ({ path, extra, status }) => {
    const res = await raw([request(path, `${extra}Client-Request-Id: trace-42\r\n`)]);
    expect(res.status).toBe(status);
    expect(res.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['client-request-id']).toBe('trace-42');
  });

  it('does not echo a client-request-id that is not safe', async () => {
    const res = await raw([request(`${DEVICE_PATH}/commands`, `${auth}Client-Request-Id: a b\r\n`)]);
    expect(res.status).toBe(200);
    expect(res.headers['client-request-id']).toBeUndefined();
  });

  it('refuses two Authorization fields, as one joined value (401 4004), not the first of them', async () => {
    const res = await raw([request(`${DEVICE_PATH}/commands`, `${auth}${auth}`)]);
    expect(res.status).toBe(401);
    expect((JSON.parse(res.body) as { error: { code: number } }).error.code).toBe(4004);
  });
});

describe('the body limit, over a real socket', () => {
  const head = (framing: string) =>
    `POST ${DEVICE_PATH}/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.androidAdmin}\r\nContent-Type: application/json\r\nConnection: close\r\n${framing}\r\n`;
  const body = (bytes: number) => {
    const start = '{"type":"LOCK","duration":"600s","pad":"';
    return `${start}${'a'.repeat(Math.max(0, bytes - start.length - 2))}"}`;
  };
  const chunked = (text: string) => {
    const parts = text.match(/[\s\S]{1,8192}/g) ?? [];
    return `${parts.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`).join('')}0\r\n\r\n`;
  };
  const over = inputLimits.maxBodyBytes + 1;
  it.each([
    // A declared length past the limit is refused from the headers alone: the body is never sent.
    {
      name: 'a declared length past the limit, body not sent',
      send: [head(`Content-Length: ${over}\r\n`)],
      status: 413,
    },
    {
      name: 'a chunked body past the limit',
      send: [head('Transfer-Encoding: chunked\r\n'), chunked(body(over))],
      status: 413,
    },
    {
      name: 'a chunked body within the limit',
      send: [head('Transfer-Encoding: chunked\r\n'), chunked(body(1000))],
      status: 400,
    },
    {
      name: 'a declared length within the limit',
      send: [head(`Content-Length: ${Buffer.byteLength(body(1000))}\r\n`), body(1000)],
      status: 400,
    },
    {
      name: 'a small chunked command',
      send: [head('Transfer-Encoding: chunked\r\n'), chunked('{"type":"LOCK"}')],
      status: 200,
    },
  ])('$name → $status in the Android envelope', async ({ send, status }) => {
    const res = await raw(send);
    expect(res.status).toBe(status);
    const error = (JSON.parse(res.body) as { error?: { code: number } }).error;
    if (status === 413) expect(error?.code).toBe(1005);
    // Within the limit, the body reaches validation: the unknown member `pad` is the only issue.
    if (status === 400) expect(res.body).toContain('pad');
  });
});

describe('a client that goes away', () => {
  it('mid-body is logged as information, without an error or a stack trace', async () => {
    const before = logger.records.length;
    await raw(
      [
        `POST ${DEVICE_PATH}/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.androidAdmin}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":"LOCK"`,
        100,
      ],
      { destroyAfterSend: true },
    );
    // The server notices the request was cut short and says so, as information.
    await until(
      () => logger.records.slice(before).map((r) => r.message),
      (messages) => messages.some((m) => /before the request was complete/.test(m)),
      'the log line about the client that went away',
    );
    const records = logger.records.slice(before);
    expect(records.filter((r) => r.level === 'error')).toEqual([]);
    expect(JSON.stringify(records)).not.toMatch(/stack/);
  });
});

describe('the connection limit', () => {
  it('refuses connections over it and keeps serving the others', async () => {
    const idle = await Promise.all(
      Array.from(
        { length: LIMITS.maxConnections },
        () =>
          new Promise<Socket>((resolve) => {
            const s = connect(port, '127.0.0.1', () => resolve(s));
            s.on('error', () => {});
          }),
      ),
    );
    await until(openConnections, (n) => n >= LIMITS.maxConnections, 'the server holding every idle connection');
    const refused = await raw([get(`${DEVICE_PATH}/commands`)]);
    expect(refused.status).toBe(0);
    for (const s of idle) s.destroy();
    await until(openConnections, (n) => n === 0, 'the server letting go of the closed connections');
    const served = await raw([get(`${DEVICE_PATH}/commands`)]);
    expect(served.status).toBe(200);
  });
});

it('never logs an unhandled error in this file', () => {
  expect(logger.records.filter((r) => r.level === 'error')).toEqual([]);
  expect(SEED.device.id).toBeTruthy();
});
