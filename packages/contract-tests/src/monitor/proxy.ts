/**
 * The monitor's traffic path: a reverse proxy that forwards every request unchanged to the
 * implementation and every answer unchanged to the client, streaming both ways. Beside it, for the
 * exchanges it samples, it keeps a copy of each body up to the contract's limit
 * (`x-input-limits.maxBodyBytes`) and judges the exchange once the answer has been sent
 * (`setImmediate`: never on the request path). An implementation that refuses the connection or
 * drops it gets the client a 502, one that does not answer in time a 504, both in the envelope of
 * the request's family. `/__monitor/metrics` and `/__monitor/report` are the monitor's own.
 */
import { Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { familyOfTraffic, inputLimits } from '../judge.ts';
import { gatewayAnswer } from './envelopes.ts';
import { examine, type Seen } from './examine.ts';
import { metricsText } from './metrics.ts';
import { Ledger } from './record.ts';
import { monitorReport } from './report.ts';

export interface MonitorOptions {
  /** The implementation's origin (and optional path prefix): `http://127.0.0.1:4000`. */
  upstream: string;
  host?: string;
  port?: number;
  /** The share of exchanges judged, 0 to 1 (default 1: every exchange). */
  sample?: number;
  /** Keep request and response bodies in the report's examples (default: masked). */
  keepBodies?: boolean;
  /** How long the implementation may take to answer (headers), in ms (default 30 s). */
  upstreamTimeoutMs?: number;
}

export interface Monitor {
  url: string;
  record: Ledger;
  server: Server;
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110, 7.6.1): a proxy does not forward them. */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function forwardable(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP.has(name)) out[name] = value;
  return out;
}

/** Collects a stream's chunks up to `limit` bytes; past it, only says it was over. */
class Copy {
  chunks: Buffer[] = [];
  bytes = 0;
  over = false;
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  add(chunk: Buffer): void {
    if (this.over) return;
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.over = true;
      this.chunks = [];
    } else this.chunks.push(chunk);
  }
  text(): string | null {
    return this.over ? null : Buffer.concat(this.chunks).toString('utf8');
  }
}

export async function startMonitor(options: MonitorOptions): Promise<Monitor> {
  const upstream = new URL(options.upstream);
  const prefix = upstream.pathname.replace(/\/$/, '');
  const secure = upstream.protocol === 'https:';
  const send = secure ? httpsRequest : request;
  // Idle connections are closed after 4 s, before a server's usual keep-alive timeout (Node's is 5 s)
  // would close them under a request: the race that would cost a request with a body a 502.
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, timeout: 4_000 })
    : new Agent({ keepAlive: true, timeout: 4_000 });
  const sample = options.sample ?? 1;
  const timeoutMs = options.upstreamTimeoutMs ?? 30_000;
  const limit = inputLimits.maxBodyBytes;
  const record = new Ledger(options.keepBodies ?? false);
  let origin = '';

  const judgeLater = (seen: Seen) =>
    setImmediate(() => {
      const at = performance.now();
      try {
        const { family, operationId, findings, unjudged } = examine(seen);
        if (family) {
          record.exchange(family, operationId ?? '(undocumented)', seen.status);
          for (const finding of findings) record.violation(family, operationId ?? '(undocumented)', finding, seen);
        }
        if (unjudged) record.unjudge(unjudged);
      } catch (error) {
        // A monitor never falls over on what it watches: the exchange is counted as not judged.
        record.unjudge(`the monitor could not judge it: ${(error as Error).message.split('\n')[0]}`);
      }
      record.judged((performance.now() - at) / 1000);
    });

  /** The proxy's own answer when the implementation fails it, recorded as a violation too. */
  const fault = (req: IncomingMessage, res: ServerResponse, status: 502 | 504, why: string, body: Copy | undefined) => {
    const answer = gatewayAnswer(req.url ?? '/', status, why);
    if (!res.headersSent) {
      res.writeHead(status, answer.headers);
      res.end(answer.body);
    } else res.destroy();
    const where = familyOfTraffic(req.url ?? '/');
    if (where) {
      const seen: Seen = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        requestHeaders: req.headers,
        requestBody: body?.text() ?? undefined,
        status,
        responseHeaders: answer.headers,
        responseBody: answer.body,
      };
      const operation = '(upstream)';
      record.exchange(where.family.id, operation, status);
      record.violation(
        where.family.id,
        operation,
        { rule: status === 504 ? 'upstream.timeout' : 'upstream.unreachable', detail: why },
        seen,
      );
    }
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/__monitor/metrics' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      return res.end(metricsText(record));
    }
    if (url === '/__monitor/report' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(`${JSON.stringify(monitorReport(record, options.upstream), null, 2)}\n`);
    }
    const judged = sample >= 1 || Math.random() < sample;
    if (!judged) record.notSampled++;
    const requestCopy = judged ? new Copy(limit) : undefined;
    let settled = false;
    // A request without a body can be sent again when a kept-alive connection turns out to have been
    // closed by the implementation just as it was reused (Node's reusedSocket race): the request
    // never reached it. One with a body is streamed, so it is not resent: the client gets the 502.
    const bodiless = !req.headers['content-length'] && !req.headers['transfer-encoding'];
    const attempt = (retries: number) => {
      const upstreamRequest = send(
        {
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: `${prefix}${url}`,
          headers: forwardable(req.headers),
          agent,
        },
        (answer) => {
          settled = true;
          upstreamRequest.setTimeout(0);
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardable(answer.headers));
          const responseCopy = judged ? new Copy(limit) : undefined;
          if (responseCopy) answer.on('data', (chunk: Buffer) => responseCopy.add(chunk));
          answer.pipe(res);
          res.on('finish', () => {
            if (responseCopy && requestCopy)
              judgeLater({
                method: req.method ?? 'GET',
                url,
                requestHeaders: req.headers,
                requestBody: requestCopy.bytes === 0 && !requestCopy.over ? undefined : requestCopy.text(),
                status: answer.statusCode ?? 0,
                responseHeaders: answer.headers,
                responseBody: responseCopy.text(),
              });
          });
          answer.on('error', () => res.destroy());
        },
      );
      upstreamRequest.setTimeout(timeoutMs, () => {
        if (settled) return;
        settled = true;
        upstreamRequest.destroy();
        fault(req, res, 504, `no answer from ${options.upstream} within ${timeoutMs} ms`, requestCopy);
      });
      upstreamRequest.on('error', (error) => {
        if (settled) return res.destroy();
        const code = (error as NodeJS.ErrnoException).code;
        if (bodiless && retries > 0 && upstreamRequest.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE'))
          return attempt(retries - 1);
        settled = true;
        fault(req, res, 502, `${options.upstream}: ${code ?? error.message}`, requestCopy);
      });
      if (bodiless) {
        upstreamRequest.end();
        req.resume();
      } else req.pipe(upstreamRequest);
      return upstreamRequest;
    };
    if (requestCopy && !bodiless) req.on('data', (chunk: Buffer) => requestCopy.add(chunk));
    const first = attempt(2);
    req.on('error', () => first.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: origin,
    record,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
