/**
 * A fault-injecting HTTP proxy in front of the reference server: each fault rewrites a request
 * before it is forwarded, answers it instead, or rewrites the answer. The server's production code
 * paths are untouched; the proxy plays a plausible, buggy implementation.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyRequest {
  method: string;
  /** Path and query, as received (the family base path included, `…/organizations/…?page=2`). */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}
export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
export interface FaultContext {
  /** Sends a request to the real server (for faults that need to look something up). */
  upstream(request: ProxyRequest): Promise<ProxyResponse>;
}
export interface Fault {
  name: string;
  /** What kind of bug it is. */
  category: string;
  description: string;
  request?(
    request: ProxyRequest,
    ctx: FaultContext,
  ): ProxyRequest | ProxyResponse | Promise<ProxyRequest | ProxyResponse>;
  response?(request: ProxyRequest, response: ProxyResponse, ctx: FaultContext): ProxyResponse | Promise<ProxyResponse>;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'content-encoding']);

async function forward(upstream: string, request: ProxyRequest): Promise<ProxyResponse> {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => !HOP.has(k)));
  const res = await fetch(`${upstream}${request.path}`, {
    method: request.method,
    headers,
    ...(request.body.length > 0 && request.method !== 'GET' && request.method !== 'HEAD'
      ? { body: new Uint8Array(request.body) }
      : {}),
    redirect: 'manual',
  });
  const out: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    if (!HOP.has(key)) out[key] = value;
  });
  return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
}

const read = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export interface FaultProxy {
  url: string;
  /**
   * From the next request on, forwards to `upstream` and plays `fault` (undefined: none), so that
   * one proxy, and the Prism proxies in front of it, serve a whole fault corpus run.
   */
  set(upstream: string, fault: Fault | undefined): void;
  close(): Promise<void>;
}

/** Starts the proxy on a free loopback port; `fault: undefined` forwards everything unchanged. */
export async function startFaultProxy(upstream: string, fault: Fault | undefined): Promise<FaultProxy> {
  /** Where requests go and what is played on them, replaced whole by set(). */
  let current: { upstream: string; fault: Fault | undefined; ctx: FaultContext };
  const set = (to: string, playing: Fault | undefined) => {
    current = { upstream: to, fault: playing, ctx: { upstream: (request) => forward(to, request) } };
  };
  set(upstream, fault);
  const server: Server = createServer(async (req, res) => {
    // This request's upstream and fault, whatever set() does while it is handled.
    const { upstream: upstreamNow, fault: faultNow, ctx: ctxNow } = current;
    try {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      let request: ProxyRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body: await read(req) };
      let response: ProxyResponse | undefined;
      const rewritten = faultNow?.request ? await faultNow.request(request, ctxNow) : request;
      if ('status' in rewritten) response = rewritten;
      else request = rewritten;
      response ??= await forward(upstreamNow, request);
      if (faultNow?.response) response = await faultNow.response(request, response, ctxNow);
      res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
      res.end(response.body);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The response's JSON body (undefined if it has none). */
export const jsonOf = (response: ProxyResponse): unknown => {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
};
/** The response with a new JSON body. */
export const withJson = (response: ProxyResponse, body: unknown, status = response.status): ProxyResponse => ({
  status,
  headers: { ...response.headers, 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
});
