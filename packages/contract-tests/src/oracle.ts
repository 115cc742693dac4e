/**
 * Sends one request through the family's `prism proxy` and judges the answer twice, independently:
 * by Prism (its `sl-violations` header) and by Ajv 2020 compiled from the bundled spec. Any response
 * violation, and any disagreement between the two judges, is a failure that says which judge objected.
 */
import type { Sent, Transport } from './http.ts';
import { ajvProblems, operationFor } from './judge.ts';

export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

export interface RequestSpec {
  method?: string;
  /** The path of the contract, filled (`/me/devices/abc/commands`), with an optional query string. */
  path: string;
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * Send straight to the target instead of through Prism, and judge with Ajv alone, giving the
   * reason. Only for what Prism cannot proxy: `prism proxy` 5.16 never answers a request whose JSON
   * body is malformed, and collapses an empty path segment (`//`) before forwarding.
   */
  bypassPrism?: string;
}

export interface Exchange {
  family: string;
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
  /** What was sent, addressed to the target (for the curl line). */
  sent: Sent;
  requestViolations: Violation[];
  /** Response problems found by each judge (empty when the response conforms). */
  judges: { prism: string[]; ajv: string[] };
}

export class JudgeFailure extends Error {
  override name = 'JudgeFailure';
  readonly exchange: Exchange;
  readonly judge: string;
  constructor(message: string, judge: string, exchange: Exchange) {
    super(message);
    this.judge = judge;
    this.exchange = exchange;
  }
}

export function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  const json = header.replace(/^Too many violations!\s*/, '');
  try {
    return JSON.parse(json) as Violation[];
  } catch {
    return [
      { location: ['response'], severity: 'Error', message: `unparseable sl-violations: ${header.slice(0, 200)}` },
    ];
  }
}

export class Oracle {
  /** Every exchange so far, for the coverage matrix. */
  readonly exchanges: Exchange[] = [];
  private readonly proxies: Record<string, string>;
  private readonly targets: Record<string, string>;
  private readonly transport: Transport;
  private readonly judgeWithPrism: boolean;
  constructor(options: {
    proxies: Record<string, string>;
    targets: Record<string, string>;
    transport: Transport;
    /** False when Prism itself is the target (profile mock): its proxy would judge its own mock. */
    judgeWithPrism?: boolean;
  }) {
    this.proxies = options.proxies;
    this.targets = options.targets;
    this.transport = options.transport;
    this.judgeWithPrism = options.judgeWithPrism ?? true;
  }

  async send(family: string, request: RequestSpec): Promise<Exchange> {
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { ...request.headers };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    let body: string | undefined = request.rawBody;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    const target = this.targets[family];
    const proxy = request.bypassPrism || !this.judgeWithPrism ? target : this.proxies[family];
    if (!target || !proxy) throw new Error(`no base URL for family ${family}`);
    const sent: Sent = { method, url: `${target}${request.path}`, headers, body };
    const response = await this.transport.fetch({ ...sent, url: `${proxy}${request.path}` });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // judged below: a body that is not JSON breaks the contract
    }
    const violations = parseViolations(response.headers.get('sl-violations'));
    const prism = violations
      .filter((v) => v.location[0] === 'response' && v.severity === 'Error')
      .map((v) => `${v.location.join('.')}: ${v.message}`);
    // A request the contract forbids (Prism's request violations: a pattern, a range, an enum, a
    // required member, the security scheme) must not succeed, whichever check sent it.
    // (Prism reads the scheme case-sensitively; RFC 9110, 11.1 does not: `bEARER` is still Bearer.)
    const bearerInAnyCase = /^bearer\s/i.test(headers.authorization ?? '');
    if (response.status >= 200 && response.status < 300)
      prism.push(
        ...violations
          .filter((v) => v.location[0] === 'request' && v.severity === 'Error')
          .filter((v) => !(bearerInAnyCase && /security scheme/i.test(v.message)))
          .map((v) => `a ${response.status} to a request the contract forbids: ${v.location.join('.')}: ${v.message}`),
      );
    const ajvSays = ajvProblems(
      family,
      method,
      request.path,
      response.status,
      response.headers.get('content-type') ?? '',
      parsed,
    );
    const exchange: Exchange = {
      family,
      method,
      path: request.path,
      // A HEAD is judged as its GET (ajvProblems), but is not the GET: it counts for no operation's coverage.
      operationId: method === 'HEAD' ? undefined : operationFor(family, method, request.path)?.operation.operationId,
      status: response.status,
      headers: response.headers,
      body: parsed,
      text,
      sent,
      requestViolations: violations.filter((v) => v.location[0] === 'request'),
      judges: { prism, ajv: ajvSays },
    };
    this.exchanges.push(exchange);
    const where = `${method} ${request.path} → ${response.status}`;
    if (prism.length > 0 || ajvSays.length > 0) {
      const judge = prism.length > 0 && ajvSays.length > 0 ? 'Prism and Ajv' : prism.length > 0 ? 'Prism' : 'Ajv';
      const verdict =
        judge === 'Prism and Ajv'
          ? 'Prism and Ajv both reject it'
          : judge === 'Prism'
            ? 'Prism rejects it but Ajv accepts it'
            : 'Ajv rejects it but Prism accepts it';
      throw new JudgeFailure(
        `${where}: ${verdict}. Prism: ${prism.join('; ') || 'none'}. Ajv: ${ajvSays.join('; ') || 'none'}.`,
        judge,
        exchange,
      );
    }
    if (response.status >= 500)
      throw new JudgeFailure(`${where}: a server error: ${text.slice(0, 300)}`, 'status', exchange);
    return exchange;
  }
}
