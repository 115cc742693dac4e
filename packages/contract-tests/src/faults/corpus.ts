/**
 * Named faults of a plausible implementation, each played by the fault proxy in front of an
 * implementation (the reference server, the port, yours). The suite must kill every one
 * (`device-commands faults`). Faults that swap tokens or reach another tenant take the tokens and ids
 * from the run's configuration, and the families' base paths from where it sends them.
 */
import { familiesOf, loadDereferencedSpec, loadSpec, operationsOf } from '@device-commands/spec';
import type { Config } from '../config.ts';
import { type Fault, jsonOf, type ProxyRequest, type ProxyResponse, withJson } from './proxy.ts';

/** What the faults need of the implementation under test. */
export interface FaultSetup {
  /** The configuration the suite runs with (tokens and ids by role). */
  config: Config;
}

/** Each family's base path as the suite sends it: the configured `baseUrl`'s path, else the contract's local one. */
export function basePaths(config: Config): Record<string, string> {
  return Object.fromEntries(
    familiesOf(loadSpec()).map((f) => {
      const configured = config.families?.[f.id]?.baseUrl;
      return [f.id, configured ? new URL(configured, 'http://target.invalid').pathname.replace(/\/$/, '') : f.basePath];
    }),
  );
}
const pathOnly = (r: ProxyRequest) => r.path.split('?')[0] ?? '';
const CANCEL = /\/commands\/[^/]+\/cancel$/;
const COMMAND = /\/organizations\/([^/]+)\/mdm\/android\/enterprise\/devices\/([^/]+)\/commands\/([^/]+)$/;
const LIST = /\/mdm\/android\/enterprise\/devices\/[^/]+\/commands$/;
const GRAPH_SEND = /\/me\/devices\/[^/]+\/commands$/;
type Json = Record<string, unknown>;

/** Rewrites a JSON answer when `when` holds. */
const rewrite =
  (
    when: (req: ProxyRequest, res: ProxyResponse) => boolean,
    change: (body: Json, res: ProxyResponse) => unknown,
    status?: number,
  ) =>
  (req: ProxyRequest, res: ProxyResponse): ProxyResponse => {
    if (!when(req, res)) return res;
    const body = jsonOf(res) as Json | undefined;
    return body === undefined ? res : withJson(res, change(structuredClone(body), res), status);
  };
/** A query parameter of the list operation (its GET on the list path), as the contract declares it. */
const listParameter = (name: string) => {
  const list = operationsOf(loadDereferencedSpec()).find((o) => o.method === 'get' && LIST.test(o.path));
  const schema = list?.parameters.find((p) => p.in === 'query' && p.name === name)?.schema as
    | { maximum?: number; pattern?: string; default?: unknown }
    | undefined;
  if (!schema) throw new Error(`the list operation declares no query parameter ${name}`);
  return schema;
};
const LIMIT = listParameter('limit');
const SORT = listParameter('sort');
const SORT_PATTERN = new RegExp(SORT.pattern ?? '', 'u');
/** The default sort with its direction reversed: a valid order that is not the default. */
const OTHER_SORT = String(SORT.default).endsWith(':desc')
  ? String(SORT.default).replace(/:desc$/, ':asc')
  : `${String(SORT.default).replace(/:asc$/, '')}:desc`;

/** A list request with its query edited by `change`, when `change` says it edited something. */
const listQuery = (req: ProxyRequest, change: (params: URLSearchParams) => boolean): ProxyRequest => {
  const [path = '', query = ''] = req.path.split('?');
  const params = new URLSearchParams(query);
  if (!LIST.test(path) || req.method !== 'GET' || !change(params)) return req;
  const rest = params.toString();
  return { ...req, path: rest ? `${path}?${rest}` : path };
};
/** A list request without `name` is served as if it had `value`: a wrong default. */
const defaultedTo = (name: string, value: string) => (req: ProxyRequest) =>
  listQuery(req, (params) => {
    if (params.has(name)) return false;
    params.set(name, value);
    return true;
  });
const code = (res: ProxyResponse) => (jsonOf(res) as { error?: { code?: unknown } } | undefined)?.error?.code;
const data = (body: Json) => body.data as Json;

/** The corpus, for the implementation the setup describes. */
export function faultsFor({ config }: FaultSetup): Fault[] {
  const base = basePaths(config);
  const ANDROID = base.android ?? '';
  const GRAPH = base.graph ?? '';
  const isAndroid = (r: ProxyRequest) => r.path.startsWith(`${ANDROID}/`);
  const isGraph = (r: ProxyRequest) => r.path.startsWith(`${GRAPH}/`);
  const android = config.families?.android ?? {};
  const graph = config.families?.graph ?? {};
  const bearer = (token: string | undefined) => `Bearer ${token ?? 'not-configured'}`;
  const OTHER_ORG = android.ids?.otherTenant?.organizationId ?? 'not-configured';
  const OTHER_DEVICE = android.ids?.otherTenant?.emmDeviceId ?? 'not-configured';
  const OTHER_COMMAND = android.ids?.otherTenant?.emmCommandId ?? 'not-configured';
  const NO_FEATURE_ORG = android.ids?.noFeature?.organizationId ?? 'not-configured';
  const SAME_DEVICE = android.ids?.sameTenant?.emmDeviceId;
  return [
    {
      name: 'no-feature-read-as-403',
      category: 'wrong error code',
      description:
        'an organization whose plan lacks the feature is answered 403 4003 on reads: neither the success nor the documented 400 5050',
      response(req, res) {
        if (req.method !== 'GET' || !req.path.includes(`/organizations/${NO_FEATURE_ORG}/`)) return res;
        return withJson(res, { status: false, error: { code: 4003, message: 'Forbidden' } }, 403);
      },
    },
    {
      name: 'create-reports-done',
      category: 'state machine',
      description: 'a create answers its new command as DONE while it is still PENDING (it can then be cancelled)',
      response: rewrite(
        (req, res) => req.method === 'POST' && LIST.test(pathOnly(req)) && res.status === 200,
        (body) => ({ ...body, data: { ...data(body), status: 'DONE' } }),
      ),
    },
    {
      name: 'graph-payload-before-completion',
      category: 'state machine',
      description: "a command's response payload is served (empty) while the command is still in flight",
      async response(req, res, ctx) {
        if (req.method !== 'GET' || !/\/responsePayload$/.test(pathOnly(req)) || res.status !== 404) return res;
        const command = await ctx.upstream({ ...req, path: pathOnly(req).replace(/\/responsePayload$/, '') });
        if (command.status !== 200) return res;
        return withJson(res, { '@odata.context': 'payload', value: {} }, 200);
      },
    },
    {
      name: 'cancel-not-pending-as-5050',
      category: 'wrong error code',
      description: 'cancel of a command that is not PENDING answers 5050 (billing plan) instead of 5052',
      response: rewrite(
        (req, res) => CANCEL.test(pathOnly(req)) && code(res) === 5052,
        (b) => ({ ...b, error: { code: 5050, message: 'Feature not allowed for you billing plan' } }),
      ),
    },
    {
      name: 'not-found-as-3000',
      category: 'wrong error code',
      description: 'an unknown Android id answers 404 with code 3000 instead of 3001',
      response: rewrite(
        (req, res) => isAndroid(req) && code(res) === 3001,
        (b) => ({ ...b, error: { code: 3000, message: 'Entity not found' } }),
      ),
    },
    {
      name: 'missing-token-as-4004',
      category: 'wrong error code',
      description: 'a request without a token answers 4004 (invalid token) instead of 4002',
      response: rewrite(
        (_req, res) => code(res) === 4002,
        (b) => ({ ...b, error: { code: 4004, message: 'Invalid Token' } }),
      ),
    },
    {
      name: 'graph-send-200',
      category: 'wrong status',
      description: 'sending a Graph command answers 200 instead of 201',
      response: (req, res) =>
        isGraph(req) && req.method === 'POST' && GRAPH_SEND.test(pathOnly(req)) && res.status === 201
          ? { ...res, status: 200 }
          : res,
    },
    {
      name: 'forbidden-as-401',
      category: 'wrong status',
      description:
        "a Graph token without the scope answers 401 InvalidAuthenticationToken instead of 403 accessDenied (valid by the 401's schema)",
      response: rewrite(
        (req, res) => isGraph(req) && res.status === 403,
        (b) => ({
          error: {
            ...(b.error as Json),
            code: 'InvalidAuthenticationToken',
            message: 'Access token validation failure.',
          },
        }),
        401,
      ),
    },
    {
      name: 'android-error-without-status',
      category: 'envelope key missing',
      description: 'Android error bodies lose their `status: false`',
      response: rewrite(
        (req, res) => isAndroid(req) && res.status >= 400,
        ({ status: _status, ...rest }) => rest,
      ),
    },
    {
      name: 'graph-error-code-casing',
      category: 'envelope key renamed',
      description: 'Graph errors spell `error.Code` instead of `error.code`',
      response: rewrite(
        (req, res) => isGraph(req) && res.status >= 400,
        (b) => {
          const { code: c, ...rest } = b.error as Json;
          return { error: { Code: c, ...rest } };
        },
      ),
    },
    {
      name: 'graph-error-wrapper-renamed',
      category: 'envelope key renamed',
      description: 'Graph errors come as `{errors: {…}}` instead of `{error: {…}}`',
      response: rewrite(
        (req, res) => isGraph(req) && res.status >= 400,
        (b) => ({ errors: b.error }),
      ),
    },
    {
      name: 'android-command-without-id',
      category: 'required field dropped',
      description: 'an Android command is returned without its `id`',
      response: rewrite(
        (req, res) => isAndroid(req) && res.status === 200 && COMMAND.test(pathOnly(req)),
        (b) => {
          const { id: _id, ...rest } = data(b);
          return { ...b, data: rest };
        },
      ),
    },
    {
      name: 'graph-status-renamed',
      category: 'required field renamed',
      description: 'a Graph command calls its status `actionStatus` (as the upstream table does) instead of `status`',
      response: rewrite(
        (req, res) => isGraph(req) && res.status < 300 && /\/commands\/[^/]+$/.test(pathOnly(req)),
        ({ status, ...rest }) => ({ ...rest, actionStatus: status }),
      ),
    },
    {
      name: 'android-date-not-date-time',
      category: 'date format',
      description: 'Android commands carry `createdAt` as "2026-02-10 12:00:00" (not RFC 3339 date-time)',
      response: rewrite(
        (req, res) => isAndroid(req) && res.status === 200 && COMMAND.test(pathOnly(req)),
        (b) => ({
          ...b,
          data: {
            ...data(b),
            createdAt: String(data(b).createdAt)
              .replace('T', ' ')
              .replace(/\.\d+Z$|Z$/, ''),
          },
        }),
      ),
    },
    {
      name: 'android-status-outside-enum',
      category: 'enum value outside the documented set',
      description: 'a PENDING Android command reads `status: "QUEUED"`',
      response: rewrite(
        (req, res) => isAndroid(req) && res.status === 200 && COMMAND.test(pathOnly(req)),
        (b) => ({ ...b, data: { ...data(b), status: data(b).status === 'PENDING' ? 'QUEUED' : data(b).status } }),
      ),
    },
    {
      name: 'graph-status-outside-enum',
      category: 'enum value outside the documented set',
      description: 'an in-flight Graph command reads `status: "queued"`',
      response: rewrite(
        (req, res) => isGraph(req) && res.status < 300 && /\/commands(\/[^/]+)?$/.test(pathOnly(req)),
        (b) => ({ ...b, status: b.status === 'requesting' ? 'queued' : b.status }),
      ),
    },
    {
      name: 'cancel-accepted-when-not-pending',
      category: 'state machine',
      description: 'cancelling a command that is not PENDING answers 200 with the command, unchanged',
      async response(req, res, ctx) {
        if (!CANCEL.test(pathOnly(req)) || code(res) !== 5052) return res;
        const got = await ctx.upstream({
          ...req,
          method: 'GET',
          path: req.path.replace(/\/cancel$/, ''),
          body: Buffer.alloc(0),
        });
        return withJson(got, jsonOf(got), 200);
      },
    },
    {
      name: 'cancel-does-not-cancel',
      category: 'state machine',
      description: 'cancel answers 200 but never changes the command (it stays PENDING); authorization is kept',
      async request(req, ctx) {
        // Only for a caller the real server would let cancel, so that authorization stays correct.
        if (
          !CANCEL.test(pathOnly(req)) ||
          req.method !== 'POST' ||
          req.headers.authorization !== bearer(android.tokens?.full)
        )
          return req;
        const got = await ctx.upstream({
          ...req,
          method: 'GET',
          path: req.path.replace(/\/cancel$/, ''),
          body: Buffer.alloc(0),
        });
        return got.status === 200 ? got : req;
      },
    },
    {
      name: 'other-tenant-readable',
      category: 'tenancy',
      description: "another organization's commands are readable with one's own token",
      request(req) {
        if (!isAndroid(req) || !req.path.includes(`/organizations/${OTHER_ORG}/`)) return req;
        return { ...req, headers: { ...req.headers, authorization: bearer(android.tokens?.otherTenant) } };
      },
    },
    {
      name: 'tenancy-404-names-the-owner',
      category: 'tenancy',
      description:
        "the 404 for another organization's command under one's own path names the organization that owns it (a leak the contract's 3001 hides)",
      response(req, res) {
        if (res.status !== 404 || !pathOnly(req).endsWith(`/commands/${OTHER_COMMAND}`)) return res;
        const body = jsonOf(res) as { error?: { message?: string } } | undefined;
        if (!body?.error) return res;
        return withJson(res, {
          ...body,
          error: { ...body.error, message: `${body.error.message} (owned by ${OTHER_ORG})` },
        });
      },
    },
    {
      name: 'foreign-command-in-own-path',
      category: 'tenancy',
      description:
        "a foreign command id under one's own organization and device finds the other organization's command",
      async response(req, res, ctx) {
        const match = COMMAND.exec(pathOnly(req));
        if (!match || req.method !== 'GET' || res.status !== 404) return res;
        const foreign = await ctx.upstream({
          ...req,
          path: `${ANDROID}/organizations/${OTHER_ORG}/mdm/android/enterprise/devices/${OTHER_DEVICE}/commands/${match[3]}`,
          headers: { ...req.headers, authorization: bearer(android.tokens?.otherTenant) },
        });
        return foreign.status === 200 ? foreign : res;
      },
    },
    {
      name: 'command-found-under-any-device',
      category: 'isolation inside a tenant',
      description:
        "a command is looked up in the whole organization: another device's command, asked for under one's own device, is served",
      async response(req, res, ctx) {
        const match = COMMAND.exec(pathOnly(req));
        if (!match || req.method !== 'GET' || res.status !== 404 || !SAME_DEVICE) return res;
        const sibling = await ctx.upstream({
          ...req,
          path: `${ANDROID}/organizations/${match[1]}/mdm/android/enterprise/devices/${SAME_DEVICE}/commands/${match[3]}`,
        });
        return sibling.status === 200 ? sibling : res;
      },
    },
    {
      name: 'device-list-shows-the-organization',
      category: 'isolation inside a tenant',
      description: "a device's list also shows the commands of the organization's other devices",
      async response(req, res, ctx) {
        const path = pathOnly(req);
        if (req.method !== 'GET' || !LIST.test(path) || res.status !== 200 || !SAME_DEVICE) return res;
        if (path.includes(`/devices/${SAME_DEVICE}/`)) return res;
        const sibling = await ctx.upstream({
          ...req,
          path: req.path.replace(/\/devices\/[^/]+\/commands/, `/devices/${SAME_DEVICE}/commands`),
        });
        const mine = jsonOf(res) as { data: { items: unknown[] } };
        const theirs = jsonOf(sibling) as { data?: { items?: unknown[] } } | undefined;
        return withJson(res, {
          ...mine,
          data: { ...mine.data, items: [...mine.data.items, ...(theirs?.data?.items ?? [])] },
        });
      },
    },
    {
      name: 'read-only-can-write',
      category: 'authorization',
      description: 'a read-only token can create and cancel commands',
      request(req) {
        const swap: Record<string, string> = {
          [bearer(android.tokens?.readOnly)]: bearer(android.tokens?.full),
          [bearer(graph.tokens?.readOnly)]: bearer(graph.tokens?.full),
        };
        const to = swap[req.headers.authorization ?? ''];
        return req.method === 'POST' && to ? { ...req, headers: { ...req.headers, authorization: to } } : req;
      },
    },
    {
      name: '405-without-allow',
      category: 'HTTP semantics',
      description: '405 answers lack the `Allow` header (RFC 9110 15.5.6)',
      response(_req, res) {
        if (res.status !== 405) return res;
        const { allow: _allow, ...headers } = res.headers;
        return { ...res, headers };
      },
    },
    {
      name: 'allow-names-an-undocumented-method',
      category: 'HTTP semantics',
      description: "405 answers' `Allow` lists DELETE, which the contract documents on no path (paths.<path>)",
      response(_req, res) {
        if (res.status !== 405 || !res.headers.allow) return res;
        return { ...res, headers: { ...res.headers, allow: `${res.headers.allow}, DELETE` } };
      },
    },
    {
      name: 'head-listed-but-refused',
      category: 'HTTP semantics',
      description:
        '`Allow` lists HEAD, but a HEAD request is refused with 405 (RFC 9110 9.3.2: HEAD is GET without content)',
      request(req) {
        if (req.method !== 'HEAD') return req;
        return {
          status: 405,
          headers: { allow: 'GET, HEAD', 'content-type': 'application/json' },
          body: Buffer.alloc(0),
        };
      },
      // An implementation that does not list HEAD gets it listed, so that the bug is the same on every
      // implementation: HEAD promised where GET is, and refused.
      response(_req, res) {
        const allow = res.headers.allow?.split(',').map((m) => m.trim().toUpperCase());
        if (res.status !== 405 || !allow?.includes('GET') || allow.includes('HEAD')) return res;
        return { ...res, headers: { ...res.headers, allow: `${res.headers.allow}, HEAD` } };
      },
    },
    {
      name: 'allow-omits-a-documented-method',
      category: 'HTTP semantics',
      description:
        "405 answers' `Allow` leaves out POST where the path documents it (Decision D18: every documented method)",
      response(_req, res) {
        if (res.status !== 405 || !res.headers.allow) return res;
        const allow = res.headers.allow
          .split(',')
          .map((m) => m.trim())
          .filter((m) => m !== 'POST');
        return { ...res, headers: { ...res.headers, allow: allow.join(', ') } };
      },
    },
    {
      name: '415-not-enforced',
      category: 'HTTP semantics',
      description: 'a text/plain body is parsed as JSON instead of being refused with 415',
      request(req) {
        return (req.headers['content-type'] ?? '').startsWith('text/plain')
          ? { ...req, headers: { ...req.headers, 'content-type': 'application/json' } }
          : req;
      },
    },
    {
      name: '413-not-enforced',
      category: 'HTTP semantics',
      description: 'a body over 64 KiB is read and validated (400) instead of being refused with 413',
      response: rewrite(
        (_req, res) => res.status === 413,
        (b) =>
          'status' in b
            ? { status: false, error: { code: 3000, message: 'padding: unknown property', data: { issues: [] } } }
            : { error: { ...(b.error as Json), code: 'invalidRequest', message: 'Unknown property padding' } },
        400,
      ),
    },
    {
      name: 'graph-validation-skipped',
      category: 'request validation skipped for one family',
      description: 'the Graph family validates nothing: a malformed id reaches the handler, which finds nothing (404)',
      response: rewrite(
        (req, res) => isGraph(req) && res.status === 400,
        (b) => ({ error: { ...(b.error as Json), code: 'itemNotFound', message: 'The resource does not exist.' } }),
        404,
      ),
    },
    {
      name: 'text-plain-answers',
      category: 'content type',
      description: 'Android answers are sent as text/plain',
      response: (req, res) =>
        isAndroid(req) && res.status < 300
          ? { ...res, headers: { ...res.headers, 'content-type': 'text/plain; charset=utf-8' } }
          : res,
    },
    {
      name: 'wrong-pagination-total',
      category: 'pagination',
      description: 'the list counts one command too many in `totalDocs`',
      response: rewrite(
        (req, res) => res.status === 200 && LIST.test(pathOnly(req)) && req.method === 'GET',
        (b) => ({ ...b, data: { ...data(b), totalDocs: Number(data(b).totalDocs) + 1 } }),
      ),
    },
    {
      name: 'page-size-past-maximum-clamped',
      category: 'pagination',
      description:
        'a `limit` past its maximum (components/parameters/android/limit.yaml) is clamped to the maximum and answered 200, not refused',
      request: (req) =>
        listQuery(req, (params) => {
          if (!(Number(params.get('limit')) > (LIMIT.maximum ?? Number.POSITIVE_INFINITY))) return false;
          params.set('limit', String(LIMIT.maximum));
          return true;
        }),
    },
    {
      name: 'unknown-sort-ignored',
      category: 'pagination',
      description:
        'a `sort` value outside its documented set (components/parameters/android/sort.yaml) is ignored and answered 200, not refused',
      request: (req) =>
        listQuery(req, (params) => {
          const sort = params.get('sort');
          if (sort === null || SORT_PATTERN.test(sort)) return false;
          params.delete('sort');
          return true;
        }),
    },
    {
      name: 'wrong-default-limit',
      category: 'pagination',
      description: 'a list without `limit` pages by twice its documented default (limit.yaml `default`)',
      request: defaultedTo('limit', String(Number(LIMIT.default) * 2)),
    },
    {
      name: 'wrong-default-sort',
      category: 'pagination',
      description: 'a list without `sort` comes in the reverse of its documented default order (sort.yaml `default`)',
      request: defaultedTo('sort', OTHER_SORT),
    },
    {
      name: 'page-ignored',
      category: 'pagination',
      description: 'the list ignores `page` and always answers the first page',
      request(req) {
        if (!LIST.test(pathOnly(req)) || req.method !== 'GET') return req;
        const url = new URL(req.path, 'http://x');
        url.searchParams.delete('page');
        return { ...req, path: `${url.pathname}${url.search}` };
      },
    },
    {
      name: 'sort-direction-ignored',
      category: 'pagination',
      description: 'the list ignores the sort direction (always newest first)',
      request(req) {
        if (!LIST.test(pathOnly(req)) || req.method !== 'GET') return req;
        const url = new URL(req.path, 'http://x');
        const sort = url.searchParams.get('sort');
        if (sort) url.searchParams.set('sort', sort.replace(/:asc$/, ':desc'));
        return { ...req, path: `${url.pathname}${url.search}` };
      },
    },
    {
      name: 'pattern-loosened',
      category: 'pattern loosened',
      description: 'an emmCommandId that breaks its pattern reaches the handler (404 3001 instead of 400 3000)',
      response: rewrite(
        (req, res) =>
          isAndroid(req) &&
          code(res) === 3000 &&
          ((jsonOf(res) as { error?: { data?: { issues?: { path?: string }[] } } })?.error?.data?.issues ?? []).some(
            (i) => i.path === 'emmCommandId',
          ),
        () => ({ status: false, error: { code: 3001, message: 'Entity not found' } }),
        404,
      ),
    },
    {
      name: 'stack-trace-500',
      category: 'server error',
      description: 'sorting by updatedAt ascending crashes with a 500 that leaks a stack trace',
      request(req) {
        if (!LIST.test(pathOnly(req)) || (!req.path.includes('updatedAt%3Aasc') && !req.path.includes('updatedAt:asc')))
          return req;
        return {
          status: 500,
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(
            JSON.stringify({
              status: false,
              error: {
                code: 1000,
                message:
                  "TypeError: Cannot read properties of undefined (reading 'updatedAt')\n    at sortCommands (/app/src/store/list.ts:42:17)",
              },
            }),
          ),
        };
      },
    },
    {
      name: 'success-status-as-string',
      category: 'envelope key type',
      description: 'the Android success envelope says `status: "true"` (a string)',
      response: rewrite(
        (req, res) => isAndroid(req) && res.status === 200,
        (b) => ({ ...b, status: 'true' }),
      ),
    },
    {
      name: 'graph-devices-of-everyone',
      category: 'tenancy',
      description: "`/me/devices` lists every user's devices",
      async response(req, res, ctx) {
        if (req.method !== 'GET' || !isGraph(req) || pathOnly(req) !== `${GRAPH}/me/devices` || res.status !== 200)
          return res;
        const bob = await ctx.upstream({
          ...req,
          headers: { ...req.headers, authorization: bearer(graph.tokens?.otherTenant) },
        });
        const ana = await ctx.upstream({
          ...req,
          headers: { ...req.headers, authorization: bearer(graph.tokens?.full) },
        });
        const mine = jsonOf(ana) as { value: unknown[] };
        return withJson(res, { ...mine, value: [...mine.value, ...(jsonOf(bob) as { value: unknown[] }).value] });
      },
    },
  ];
}

/** The corpus's names, kinds and descriptions (the faults themselves are built per configuration). */
export const FAULTS: Fault[] = faultsFor({ config: {} });

/**
 * The fixed, fast subset the test command runs on the reference server (one per kind of check that
 * kills it); the port's tests plant others (read-only-can-write, other-tenant-readable, …).
 */
export const QUICK_FAULTS = [
  'cancel-not-pending-as-5050',
  'forbidden-as-401',
  '405-without-allow',
  'wrong-pagination-total',
];
