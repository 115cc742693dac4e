/**
 * The HTTP server around the app: Node's limits set deliberately (slow or oversized requests cannot
 * hold the server), and the requests Node refuses before the app sees them (headers over the
 * contract's limit, a request that does not arrive in time, malformed HTTP) answered in the family's
 * envelope, not with Node's bare status line.
 */
import { randomUUID } from 'node:crypto';
import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Context } from 'hono';
import { FAMILIES } from '../families.ts';
import { inputLimits } from '../generated/routes.gen.ts';
import type { Logger } from './logger.ts';
import { familyOf } from './routing.ts';

export interface ServerLimits {
  /** Time to receive the request line and all headers (slowloris). */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are refused at accept time (0: no limit). */
  maxConnections: number;
}

export function createNodeServer(
  fetch: Parameters<typeof createAdaptorServer>[0]['fetch'],
  limits: ServerLimits,
  logger: Logger,
): Server {
  const server = createAdaptorServer({
    fetch,
    serverOptions: {
      maxHeaderSize: inputLimits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (its default, 30 s, would let them overrun).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
  }) as Server;
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
  // The first bytes of each connection: a timeout carries no packet, and its answer needs the path
  // (the family's envelope).
  const firstBytes = new WeakMap<Socket, string>();
  server.on('connection', (socket: Socket) => {
    socket.once('data', (chunk: Buffer) =>
      firstBytes.set(socket, chunk.toString('latin1', 0, Math.min(chunk.length, 4096))),
    );
  });
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    // A request whose headers arrived but which timed out in the queue: its parser knows the URL.
    const parsed = (socket as Socket & { parser?: { incoming?: { method?: string; url?: string } | null } }).parser
      ?.incoming;
    const head =
      error.rawPacket?.toString('latin1', 0, Math.min(error.rawPacket.length, 4096)) ??
      (parsed?.url ? `${parsed.method ?? 'GET'} ${parsed.url} ` : undefined) ??
      firstBytes.get(socket) ??
      '';
    void answerClientError(error, head, socket, logger);
  });
  return server;
}

/** Node's own refusals, by error code: status and the family error that answers them. */
function refusalOf(code: string | undefined): { status: 400 | 408 | 431; kind: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, kind: 'headers too large' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADER_TIMEOUT')
    return { status: 408, kind: 'request timeout' };
  return { status: 400, kind: 'malformed HTTP' };
}

async function answerClientError(
  error: NodeJS.ErrnoException,
  head: string,
  socket: Socket,
  logger: Logger,
): Promise<void> {
  // The peer is gone (reset, or closed mid-request): nobody to answer. And, as Node itself does, never
  // write over a response the app has begun to send.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, kind } = refusalOf(error.code);
  const target = /^[A-Z]+ (\/\S*)/.exec(head)?.[1] ?? '/';
  const path = target.split('?')[0] ?? '/';
  logger.log('info', 'request refused before routing', {
    status,
    reason: kind,
    code: error.code,
    path: path.slice(0, 200),
  });
  let response: Response;
  try {
    const c = new Context(new Request(new URL(path, 'http://localhost')));
    c.set('requestId', randomUUID());
    const family = familyOf(path);
    const errors = family ? FAMILIES[family].errors : undefined;
    if (!errors) response = Response.json({ error: { code: kind.replace(/ /g, '_'), message: kind } }, { status });
    else if (status === 431) response = errors.headersTooLarge(c);
    else if (status === 408) response = errors.requestTimeout(c);
    else
      response = errors.validation(c, [
        { location: 'header', path: '', code: 'malformed_http', message: 'Malformed HTTP request' },
      ]);
  } catch {
    response = Response.json({ error: { code: 'bad_request', message: kind } }, { status });
  }
  const body = Buffer.from(await response.text());
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const headers = [...response.headers.entries()]
    .filter(([name]) => name !== 'content-length')
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  // Written, then destroyed once flushed (as Node's own refusal does): a client that keeps sending
  // (a slowloris) must not keep the half-closed connection.
  socket.write(
    Buffer.concat([
      Buffer.from(
        `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status]}\r\n${headers}content-length: ${body.length}\r\nconnection: close\r\n\r\n`,
        'latin1',
      ),
      body,
    ]),
    () => socket.destroy(),
  );
}
