/**
 * Request and response headers without the web `Headers` object when the request came through
 * node:http. Building one (from every incoming header, each validated) or giving a response one
 * costs more than the rest of routing a small request (measured: a bare Hono route drops from ~35k to
 * ~24k requests per second when it sets one response header through `c.header`). Node has already
 * parsed the request's headers; a response header set on Node's response is merged into the answer
 * whatever built it. Through `app.request()` (tests) there is no Node request, and the web objects are
 * used: same names, same values.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

const node = (c: Context): NodeBindings | undefined => c.env as NodeBindings | undefined;

/**
 * A request header (`name` in lower case), as the web `Headers` would give it: every field of that
 * name, in order, joined with ", " (Node's own `headers` object keeps only the first of some).
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = node(c)?.incoming?.rawHeaders;
  if (!raw) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const field = raw[i] as string;
    if (field.length === name.length && field.toLowerCase() === name) {
      const v = raw[i + 1] as string;
      value = value === undefined ? v : `${value}, ${v}`;
    }
  }
  return value;
}

/** Sets a header on the answer, whichever layer builds it (set before the answer exists). */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = node(c)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}
