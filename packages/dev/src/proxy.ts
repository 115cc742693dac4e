/**
 * Where a request enters under `pnpm dev`: one port (4000 by default) that forwards every request to
 * the current server process, plus the loop's own endpoints:
 *   GET /__dev/events   server-sent events: `state` ({ build, docsBuild, problems }) on connect and
 *                       after every rebuild
 *   GET /__dev/status   the same state as JSON
 * and the overlay script added to the docs page (/docs).
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { overlayScript } from './overlay.ts';

export interface DevState {
  /** Rebuilds finished (successful or not). */
  build: number;
  /** Docs builds finished: an open page older than this reloads. */
  docsBuild: number;
  /** `file:line:col severity rule message` lines of the last rebuild; empty when it succeeded. */
  problems: string[];
}

export class DevProxy {
  readonly server: Server;
  #target: string | undefined;
  #state: DevState = { build: 0, docsBuild: 0, problems: [] };
  readonly #clients = new Set<ServerResponse>();

  constructor() {
    this.server = createServer((req, res) => this.#handle(req, res));
  }

  /** The server process that answers from now on. */
  set target(origin: string) {
    this.#target = origin;
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
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/__dev/events') return void this.#events(res);
    if (path === '/__dev/status') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(JSON.stringify(this.#state));
    }
    const target = this.#target;
    if (!target) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
      return void res.end('the reference server is starting\n');
    }
    const docsPage = req.method === 'GET' && (path === '/docs' || path === '/docs/' || path === '/docs/index.html');
    const headers = { ...req.headers };
    if (docsPage) delete headers['accept-encoding'];
    const upstream = request(`${target}${req.url}`, { method: req.method, headers }, (answer) => {
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
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.destroy(error);
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`pnpm dev: the reference server did not answer (${error.message})\n`);
    });
    req.pipe(upstream);
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
