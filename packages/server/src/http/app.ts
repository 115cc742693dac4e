/**
 * Where a request enters: request id → logging → response validation → the family sub-apps
 * (authentication, then per route: operation mark + authorization, body guards, request validation
 * generated from the spec, the typed handler) → 404/405/500 in the family's envelope.
 */
import { readFileSync } from 'node:fs';
import { bundlePaths } from '@device-commands/spec';
import type { Hook } from '@hono/zod-openapi';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { authenticate, authorize } from '../auth/middleware.ts';
import type { TokenRegistry } from '../auth/tokens.ts';
import type { FamilyErrors } from '../errors/types.ts';
import { FAMILIES } from '../families.ts';
import { type FamilyId, families, familyRoutes, type OperationId, operations } from '../generated/routes.gen.ts';
import { type Store, StoreUnavailable } from '../store/types.ts';
import { issuesFrom } from '../validation/issues.ts';
import { type ResponseValidationMode, responseValidation, type Violation } from '../validation/responses.ts';
import { serveDocs } from './docs.ts';
import type { AppEnv, Family } from './env.ts';
import { jsonBodyGuards } from './guards.ts';
import { type LoadShedder, loadShedding, type SheddingLimits } from './load-shedding.ts';
import type { Logger } from './logger.ts';
import { requestId } from './request-id.ts';
import { allowedMethods, emptyPathParameters, familyOf } from './routing.ts';

export interface AppOptions {
  /** Where the built docs site is (the entry point passes it in); `/docs` serves its index.html. */
  docsDir?: string | undefined;
  store: Store;
  tokens: TokenRegistry;
  logger: Logger;
  responseValidation: ResponseValidationMode;
  /** Shed load with 503 past these limits (unset: never). */
  shedding?: SheddingLimits | undefined;
  now?: () => Date;
}

export interface App {
  app: OpenAPIHono<AppEnv>;
  /** Response-validation violations seen so far (tests assert that this stays empty). */
  violations: Violation[];
  /** The family sub-apps, whose generated OpenAPI documents the drift test compares with the spec. */
  familyApps: Record<Family, OpenAPIHono<AppEnv>>;
  /** The load shedder, when `shedding` was given. */
  shedder: LoadShedder | undefined;
}

/** Request validation failures, in the envelope of the family the route belongs to. */
function validationHook(errors: FamilyErrors): Hook<unknown, AppEnv, string, unknown> {
  return (result, c) => {
    if (!result.success) return errors.validation(c, issuesFrom(result.error, result.target));
  };
}

function familyApp(family: FamilyId, options: AppOptions, now: () => Date): OpenAPIHono<AppEnv> {
  const { errors } = FAMILIES[family];
  const routes = familyRoutes[family] as Record<string, Parameters<OpenAPIHono['openapi']>[0]>;
  const handlers = FAMILIES[family].handlers(options.store, now) as Record<string, unknown>;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook(errors) });
  app.use('*', authenticate(family, errors, options.tokens));
  for (const [operationId, route] of Object.entries(routes)) {
    const op = operations[operationId as OperationId];
    const middleware: MiddlewareHandler<AppEnv>[] = [authorize(operationId as OperationId, errors)];
    if (op.hasBody) middleware.push(...jsonBodyGuards(errors));
    app.openapi({ ...route, middleware }, handlers[operationId] as never);
  }
  return app;
}

export function createApp(options: AppOptions): App {
  const now = options.now ?? (() => new Date());
  const violations: Violation[] = [];
  const app = new OpenAPIHono<AppEnv>();

  app.use('*', requestId());
  // Layers that would do nothing are not installed: each costs every request a step of the chain.
  if (options.logger.enabled?.('info') ?? true) app.use('*', accessLog(options.logger));
  const shedder = options.shedding ? loadShedding(options.shedding) : undefined;
  if (shedder) app.use('*', shedder.middleware);
  if (options.responseValidation !== 'off')
    app.use('*', responseValidation(options.responseValidation, options.logger, violations));

  // One loop over the declared families: routes, error module, authentication, handlers.
  const familyApps = Object.fromEntries(
    (Object.keys(families) as FamilyId[]).map((family) => [family, familyApp(family, options, now)]),
  ) as Record<Family, OpenAPIHono<AppEnv>>;
  for (const [family, sub] of Object.entries(familyApps)) app.route(families[family as FamilyId].basePath, sub);

  const spec = (file: string, type: string) => (c: Context) =>
    c.body(readFileSync(file), 200, { 'content-type': type });
  app.get('/openapi.json', spec(bundlePaths.json, 'application/json'));
  app.get('/openapi.yaml', spec(bundlePaths.yaml, 'application/yaml'));
  app.get('/openapi.dereferenced.json', spec(bundlePaths.dereferenced, 'application/json'));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  serveDocs(app, options.docsDir);
  app.get('/', (c) =>
    c.json({
      name: 'device-commands reference server',
      families: Object.fromEntries(
        Object.entries(families).map(([name, f]) => [
          name,
          { local: `${new URL(c.req.url).origin}${f.basePath}`, upstream: f.upstream },
        ]),
      ),
      spec: ['/openapi.json', '/openapi.yaml', '/openapi.dereferenced.json'],
    }),
  );

  app.notFound((c) => {
    const family = familyOf(c.req.path);
    if (!family) return c.json({ error: { code: 'notFound', message: `No route ${c.req.method} ${c.req.path}` } }, 404);
    const { errors } = FAMILIES[family];
    const empty = emptyPathParameters(c.req.method === 'HEAD' ? 'GET' : c.req.method, c.req.path);
    if (empty.length > 0) {
      return errors.validation(
        c,
        empty.map((name) => ({ location: 'path', path: name, code: 'too_small', message: 'must not be empty' })),
      );
    }
    const allow = allowedMethods(c.req.path);
    return allow.length > 0 ? errors.methodNotAllowed(c, allow) : errors.routeNotFound(c);
  });

  app.onError((error, c) => {
    const family = familyOf(c.req.path);
    const errors = family ? FAMILIES[family].errors : undefined;
    if (error instanceof HTTPException && error.status === 400 && errors) return errors.malformedJson(c);
    if (error instanceof HTTPException && error.status === 413 && errors) return errors.payloadTooLarge(c);
    if (error instanceof StoreUnavailable) {
      options.logger.log('warn', 'store unavailable: answered 503', {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        reason: error.message,
      });
      return errors
        ? errors.unavailable(c, 1)
        : c.json({ error: { code: 'unavailable', message: error.message } }, 503);
    }
    const socket = (c.env as { incoming?: { socket?: { destroyed?: boolean } | null } } | undefined)?.incoming?.socket;
    if (socket?.destroyed) {
      // The client went away mid-request: nobody reads the answer, and it is not the server's fault.
      options.logger.log('info', 'client closed the connection before the request was complete', {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
      });
      return errors ? errors.malformedJson(c) : c.body(null, 400);
    }
    options.logger.log('error', 'unhandled error', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
    return errors ? errors.internal(c) : c.json({ error: { code: 'internal', message: 'Internal error' } }, 500);
  });

  return { app, violations, familyApps, shedder };
}

function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.log('info', 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      operationId: c.get('operationId'),
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
