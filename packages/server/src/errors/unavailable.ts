/**
 * The answer of something in front of the server (`pnpm dev`'s proxy) when the server behind it does
 * not answer in time: 503 with `Retry-After`, in the envelope of the family whose base path the
 * request's path is under (the same family modules the server answers with), with a `request-id`.
 * A path outside every family (the docs, `/healthz`) gets a plain-text 503.
 */
import { Hono } from 'hono';
import { FAMILIES } from '../families.ts';
import type { AppEnv } from '../http/env.ts';
import { requestId } from '../http/request-id.ts';
import { familyOf } from '../http/routing.ts';

type Env = AppEnv & { Bindings: { retryAfterSeconds: number } };

let app: Hono<Env> | undefined;

/** `path` is the request's path (and query); `headers` its headers (client-request-id is echoed). */
export function unavailableAnswer(
  path: string,
  headers: Record<string, string>,
  retryAfterSeconds: number,
): Response | Promise<Response> {
  app ??= new Hono<Env>().use(requestId()).all('*', (c) => {
    const family = familyOf(c.req.path);
    if (family) return FAMILIES[family].errors.unavailable(c, c.env.retryAfterSeconds);
    c.header('Retry-After', String(c.env.retryAfterSeconds));
    return c.text('Service unavailable: the reference server did not answer in time.\n', 503);
  });
  const { host: _host, 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = headers;
  return app.request(
    `http://localhost${path.startsWith('/') ? path : `/${path}`}`,
    { headers: rest },
    {
      retryAfterSeconds,
    },
  );
}
