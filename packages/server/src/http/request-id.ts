import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

const SAFE = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Gives every request an id (`request-id` header, like Graph), echoing a safe `client-request-id`.
 * The headers are set before the response exists, so that every answer built through the context
 * carries them: set afterwards, Hono would rebuild the finished response around a stream of its body.
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = randomUUID();
    c.set('requestId', id);
    c.header('request-id', id);
    const client = c.req.header('client-request-id');
    if (client && SAFE.test(client)) c.header('client-request-id', client);
    await next();
  };
}
