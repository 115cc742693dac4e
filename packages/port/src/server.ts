/**
 * Where a request enters: plain `node:http`. In order: the family by base path (Android at `/v1`,
 * Graph at `/beta`, as upstream serves them), the header limit, the route (404 / 405 with `Allow`),
 * the bearer token (401), the permission or scope (403), the media type and body size (415, 413),
 * the input limits and validation (400), then the operation's handler. Any error thrown on the way
 * is answered 500 in the family's envelope, never as a stack trace.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { families, limits, type Route, routes, type ServedFamily } from './contract.ts';
import { fail, type Problem, problems, send } from './envelopes.ts';
import { handlers } from './handlers.ts';
import type { Store } from './store.ts';
import { type Issue, overLimit, parameters, body as validateBody } from './validate.ts';

/** Where each family is served: its upstream base path. */
const familyAt = (pathname: string): ServedFamily | undefined =>
  families.find((f) => pathname === f.basePath || pathname.startsWith(`${f.basePath}/`));

export interface PortOptions {
  store: Store;
  /** How long the device agent takes to apply a new command (ms). */
  agentMs: number;
}

function headerBytes(req: IncomingMessage): number {
  let n = req.method?.length ?? 0;
  n += (req.url?.length ?? 0) + 12;
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    n += (req.rawHeaders[i]?.length ?? 0) + (req.rawHeaders[i + 1]?.length ?? 0) + 4;
  return n;
}

/** Reads the body up to `max` bytes; undefined when it is longer (the rest is drained, not kept). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The bearer token (RFC 6750, 2.1: the scheme in any case, one or more spaces, the token); undefined
 * when none was sent (no header, or `Bearer` alone), null when a credential was sent that is not one.
 */
function bearer(header: string | undefined): string | undefined | null {
  if (header === undefined || /^\s*(bearer)?\s*$/i.test(header)) return undefined;
  const match = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match?.[1] ?? null;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: PortOptions, requestId: string) {
  const url = new URL(req.url ?? '/', 'http://port.invalid');
  const family = familyAt(url.pathname);
  if (!family) {
    send(res, 404, { error: { code: 'notFound', message: `no family is served at ${url.pathname}` } });
    return;
  }
  const failWith = (problem: Problem) => fail(res, family, problem, requestId);
  if (headerBytes(req) > limits.maxHeaderBytes) return failWith(problems.headersTooLarge());

  const path = url.pathname.slice(family.basePath.length);
  const candidates: { route: Route; values: string[] }[] = [];
  for (const route of routes) {
    if (route.family !== family.id) continue;
    const match = route.matcher.exec(path);
    if (match) candidates.push({ route, values: match.slice(1) });
  }
  if (candidates.length === 0) return failWith(problems.noRoute());
  const chosen = candidates.find((c) => c.route.method === req.method);
  if (!chosen) return failWith(problems.notAllowed(candidates.map((c) => c.route.method)));
  const { route } = chosen;

  const token = bearer(req.headers.authorization);
  if (token === undefined) return failWith(problems.noToken(route.realm));
  const grant = token === null ? undefined : options.store.tokens.get(token);
  if (!grant || grant.family !== family.id) return failWith(problems.badToken(route.realm));
  if (route.needs.length > 0 && !route.needs.some((n) => grant.grants.includes(n)))
    return failWith(problems.forbidden());

  let parsed: unknown;
  const issues: Issue[] = [];
  if (route.body) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return failWith(problems.mediaType());
    const raw = await readBody(req, limits.maxBodyBytes);
    if (raw === undefined) return failWith(problems.tooLarge());
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return failWith(problems.validation([{ location: 'body', path: '/', message: 'is not valid JSON' }]));
    }
    const limit = overLimit(parsed);
    if (limit) return failWith(problems.validation([limit]));
    issues.push(...validateBody(route, parsed));
  } else {
    req.resume();
  }
  const pathValues: Record<string, string> = {};
  let undecodable = false;
  route.names.forEach((name, i) => {
    try {
      pathValues[name] = decodeURIComponent(chosen.values[i] ?? '');
    } catch {
      undecodable = true;
      pathValues[name] = chosen.values[i] ?? '';
    }
  });
  if (undecodable) issues.push({ location: 'path', path: '/', message: 'is not valid percent-encoding' });
  const { values, issues: paramIssues } = parameters(route, pathValues, url.searchParams);
  issues.unshift(...paramIssues);
  if (issues.length > 0) return failWith(problems.validation(issues));

  const handler = handlers[route.operationId];
  if (!handler) return failWith(problems.internal());
  const result = handler({
    store: options.store,
    params: values,
    body: parsed,
    token: grant,
    apply: (run) => setTimeout(run, options.agentMs).unref(),
    baseUrl: family.basePath,
  });
  if ('numeric' in result) return failWith(result);
  send(res, result.status, result.body);
}

export function createPort(options: PortOptions): Server {
  return createServer({ maxHeaderSize: limits.maxHeaderBytes * 4 }, (req, res) => {
    const requestId = randomUUID();
    res.setHeader('request-id', requestId);
    handle(req, res, options, requestId).catch(() => {
      const family = familyAt(new URL(req.url ?? '/', 'http://port.invalid').pathname) ?? families[0];
      if (family) fail(res, family, problems.internal(), requestId);
      else res.destroy();
    });
  });
}
