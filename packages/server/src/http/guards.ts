/**
 * For operations with a body, before request validation: JSON only (415), at most
 * `maxBodyBytes` (413), well-formed (400), and within the contract's other input limits (400):
 * nesting depth, members per object, items per array, string length. Every limit comes from
 * `x-input-limits` in the spec; each answer is the family's envelope.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { FamilyErrors, Issue } from '../errors/types.ts';
import { inputLimits } from '../generated/routes.gen.ts';
import type { AppEnv } from './env.ts';
import { requestHeader } from './headers.ts';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

type Limits = Omit<typeof inputLimits, 'maxHeaderBytes'>;

export function jsonBodyGuards(errors: FamilyErrors, limits: Limits = inputLimits): MiddlewareHandler<AppEnv>[] {
  const requireJson: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!JSON_TYPE.test(requestHeader(c, 'content-type') ?? '')) return errors.unsupportedMediaType(c);
    await next();
  };
  const withinLimits: MiddlewareHandler<AppEnv> = async (c, next) => {
    let value: unknown;
    try {
      value = JSON.parse(await c.req.text());
    } catch (error) {
      if (error instanceof SyntaxError) return errors.malformedJson(c);
      throw error;
    }
    const issue = firstExcess(value, limits);
    if (issue) return errors.validation(c, [issue]);
    await next();
  };
  // A declared length is checked as declared (Node's parser never delivers more than it says), and the
  // body is then read straight from the socket; a chunked body is counted as it streams in, and
  // refused as soon as it passes the limit.
  const streamed = bodyLimit({ maxSize: limits.maxBodyBytes, onError: (c) => errors.payloadTooLarge(c) });
  const withinSize: MiddlewareHandler<AppEnv> = async (c, next) => {
    const length = requestHeader(c, 'content-length');
    if (length === undefined || requestHeader(c, 'transfer-encoding') !== undefined) return streamed(c, next);
    if (Number.parseInt(length, 10) > limits.maxBodyBytes) return errors.payloadTooLarge(c);
    await next();
  };
  return [requireJson, withinSize, withinLimits];
}

/**
 * The first place where a parsed JSON value exceeds a limit, walked without recursion (so that no
 * depth can exhaust the stack), or undefined.
 */
export function firstExcess(root: unknown, limits: Limits): Issue | undefined {
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: root, pointer: '', depth: 1 }];
  const issue = (pointer: string, code: string, message: string): Issue => ({
    location: 'body',
    path: pointer,
    code,
    message,
  });
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength)
        return issue(pointer, 'too_long', `string longer than ${limits.maxStringLength} characters`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > limits.maxJsonDepth)
      return issue(pointer, 'too_deep', `nested deeper than ${limits.maxJsonDepth} levels of objects and arrays`);
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayItems)
        return issue(pointer, 'too_many_items', `array of more than ${limits.maxArrayItems} items`);
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], pointer: `${pointer}/${i}`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxObjectKeys)
      return issue(pointer, 'too_many_keys', `object of more than ${limits.maxObjectKeys} members`);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.length > limits.maxStringLength)
        return issue(pointer, 'too_long', `member name longer than ${limits.maxStringLength} characters`);
      stack.push({ value: (value as Record<string, unknown>)[key], pointer: at, depth: depth + 1 });
    }
  }
  return undefined;
}
