import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { requestHeader, setResponseHeader } from './headers.ts';

const SAFE = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Gives every request an id (`request-id` header, like Graph), echoing a safe `client-request-id`.
 * The headers are set before the response exists, so that every answer carries them: set afterwards
 * through the context, Hono would rebuild the finished response around a stream of its body.
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = randomUUID();
    c.set('requestId', id);
    setResponseHeader(c, 'request-id', id);
    const client = requestHeader(c, 'client-request-id');
    if (client && SAFE.test(client)) setResponseHeader(c, 'client-request-id', client);
    await next();
  };
}
