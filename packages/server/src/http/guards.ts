/** For operations with a body: JSON only (415), and at most 64 KiB (413). */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { FamilyErrors } from '../errors/types.ts';
import type { AppEnv } from './env.ts';

export const MAX_BODY_BYTES = 64 * 1024;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function jsonBodyGuards(errors: FamilyErrors, maxBytes = MAX_BODY_BYTES): MiddlewareHandler<AppEnv>[] {
  const requireJson: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) return errors.unsupportedMediaType(c);
    await next();
  };
  return [requireJson, bodyLimit({ maxSize: maxBytes, onError: (c) => errors.payloadTooLarge(c) })];
}
