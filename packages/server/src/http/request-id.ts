import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

const SAFE = /^[A-Za-z0-9._-]{1,128}$/;

/** Gives every request an id (`request-id` header, like Graph), echoing a safe `client-request-id`. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = randomUUID();
    c.set('requestId', id);
    await next();
    c.header('request-id', id);
    const client = c.req.header('client-request-id');
    if (client && SAFE.test(client)) c.header('client-request-id', client);
  };
}
