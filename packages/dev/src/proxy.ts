/**
 * Where a request enters under `pnpm dev`: one port (4000 by default) that forwards every request to
 * the current server process, plus the loop's own endpoints:
 *   GET /__dev/events   server-sent events: `state` ({ build, docsBuild, problems, settled }) on connect and
 *                       after every rebuild
 *   GET /__dev/status   the same state as JSON
 * and the overlay script added to the docs page (/docs).
 *
 * No request is dropped while the server behind starts or restarts: a request is held until a server
 * answers it (at most `holdMs`, 10 s by default). A connection the server refuses is tried again on
 * the current server (the restart may have switched to a new one meanwhile); a connection that breaks
 * after the request went out is tried again only for a method that may be repeated (RFC 9110, 9.2.2),
 * since the server may have acted on it. Past the bound, or for a POST that broke on the way, the
 * answer is 503 with `Retry-After`, in the envelope of the request's family (the server's own
 * modules, `@device-commands/server/unavailable`). Connections to the server are never reused: a
 * kept-alive connection that the server closes as the proxy reuses it (its keep-alive timeout, or a
 * graceful stop) is the classic way to lose a request.
 */
import { Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { unavailableAnswer } from '@device-commands/server/unavailable';
import { overlayScript } from './overlay.ts';

export interface DevState {
  /** Rebuilds finished (successful or not). */
  build: number;
  /** Docs builds finished: an open page older than this reloads. */
  docsBuild: number;
  /** `file:line:col severity rule message` lines of the last rebuild; empty when it succeeded. */
  problems: string[];
  /**
   * The rebuild whose work off the critical path (client types, docs, the handlers' type check) has
   * settled: equal to `build` when nothing is left to do for the newest save.
   */
  settled: number;
}

export interface DevProxyOptions {
  /** How long a request waits for a server that answers (default 10 s). */
  holdMs?: number;
}

/** Methods a proxy may send again after a broken connection (RFC 9110, 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** The server was not there: nothing was sent, so any request may be sent again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EADDRNOTAVAIL']);
const RETRY_EVERY_MS = 50;

export class DevProxy {
  readonly server: Server;
  readonly #holdMs: number;
  readonly #agent = new Agent({ keepAlive: false });
  #target: string | undefined;
  #targetChanged: (() => void)[] = [];
  #state: DevState = { build: 0, docsBuild: 0, problems: [], settled: 0 };
  readonly #clients = new Set<ServerResponse>();
  /** Requests on their way to each server, and who waits for a server to have none. */
  readonly #inFlight = new Map<string, number>();
  readonly #drainWaiters = new Map<string, (() => void)[]>();

  constructor(options: DevProxyOptions = {}) {
    this.#holdMs = options.holdMs ?? 10_000;
    this.server = createServer((req, res) => void this.#handle(req, res));
  }

  /** The server process that answers from now on; requests held for a server go to it. */
  set target(origin: string) {
    this.#target = origin;
    const waiting = this.#targetChanged;
    this.#targetChanged = [];
    for (const wake of waiting) wake();
  }

  /**
   * Resolves once no request is on its way to `origin` (at most `timeoutMs`): a server that the proxy
   * no longer targets can then be stopped without breaking a request it had accepted but not yet read.
   */
  drained(origin: string, timeoutMs = 10_000): Promise<void> {
    if (!this.#inFlight.get(origin)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const waiters = this.#drainWaiters.get(origin) ?? [];
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.#drainWaiters.set(origin, waiters);
    });
  }

  get state(): DevState {
    return this.#state;
  }

  /** Records the new state and tells every open docs page. */
  publish(state: Partial<DevState>): void {
    this.#state = { ...this.#state, ...state };
    const frame = `event: state\ndata: ${JSON.stringify(this.#state)}\n\n`;
    for (const client of this.#clients) client.write(frame);
  }

  close(): Promise<void> {
    for (const client of this.#clients) client.end();
    this.server.closeAllConnections();
    this.#agent.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/__dev/events') return void this.#events(res);
    if (path === '/__dev/status') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(JSON.stringify(this.#state));
    }
    const deadline = Date.now() + this.#holdMs;
    // Kept whole, so that the request can be sent again to the next server.
    const body = await readBody(req);
    if (body === undefined) return; // the client went away
    let gone = false;
    res.once('close', () => {
      gone = !res.writableFinished;
    });
    const method = req.method ?? 'GET';
    for (;;) {
      const target = this.#target;
      const outcome = target ? await this.#forward(target, req, body, res) : 'refused';
      if (outcome === 'answered' || gone) return;
      const again = outcome === 'refused' || IDEMPOTENT.has(method);
      if (!again || Date.now() >= deadline) return void (await this.#unavailable(req, res));
      await this.#targetChangeOr(Math.min(RETRY_EVERY_MS, deadline - Date.now()));
    }
  }

  /** Resolves when the target changes, or after `ms`. */
  #targetChangeOr(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#targetChanged.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Sends the request to `target` and, once the server answers, the answer to the client.
   * 'refused': nothing reached the server; 'broken': the connection broke before an answer came.
   */
  #forward(
    target: string,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<'answered' | 'refused' | 'broken'> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const docsPage = req.method === 'GET' && (path === '/docs' || path === '/docs/' || path === '/docs/index.html');
    const headers = { ...req.headers, connection: 'close' };
    if (docsPage) delete headers['accept-encoding'];
    this.#inFlight.set(target, (this.#inFlight.get(target) ?? 0) + 1);
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      // One listener per attempt: a request retried every 50 ms for 10 s must not pile them up.
      res.off('close', settle);
      const left = (this.#inFlight.get(target) ?? 1) - 1;
      if (left > 0) return void this.#inFlight.set(target, left);
      this.#inFlight.delete(target);
      for (const wake of this.#drainWaiters.get(target) ?? []) wake();
      this.#drainWaiters.delete(target);
    };
    res.once('close', settle);
    return new Promise((resolve) => {
      const upstream = request(`${target}${req.url}`, { method: req.method, headers, agent: this.#agent }, (answer) => {
        resolve('answered');
        answer.on('error', () => res.destroy());
        if (!docsPage || !/^text\/html/.test(String(answer.headers['content-type'] ?? ''))) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          return void answer.pipe(res);
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          // Before the last </body>: the inlined Redoc bundle spells the tag inside its own scripts.
          const page = Buffer.concat(chunks).toString('utf8');
          const end = page.lastIndexOf('</body>');
          const script = overlayScript(this.#state.docsBuild);
          const html = end < 0 ? page + script : page.slice(0, end) + script + page.slice(end);
          const { 'content-length': _length, etag: _etag, ...rest } = answer.headers;
          res.writeHead(answer.statusCode ?? 200, { ...rest, 'cache-control': 'no-store' });
          res.end(html);
        });
      });
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        settle();
        resolve(NOT_SENT.has(error.code ?? '') ? 'refused' : 'broken');
      });
      upstream.end(body);
    });
  }

  async #unavailable(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (res.headersSent) return void res.destroy();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const answer = await unavailableAnswer(req.url ?? '/', headers, 1);
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  #events(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`retry: 500\nevent: state\ndata: ${JSON.stringify(this.#state)}\n\n`);
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
  }
}

/** The whole request body, or undefined when the client goes away before sending it. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', () => resolve(undefined));
    req.once('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}
