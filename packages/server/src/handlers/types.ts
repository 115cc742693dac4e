import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { FamilyId, familyRoutes } from '../generated/routes.gen.ts';
import type { FamilyEnv } from '../http/env.ts';

type RouteOf<F extends FamilyId, K extends keyof (typeof familyRoutes)[F]> = Extract<
  (typeof familyRoutes)[F][K],
  RouteConfig
>;

/**
 * One typed handler per operation of a family: a missing handler, or a status or body that the spec
 * does not document for it, is a compile error.
 */
export type FamilyHandlers<F extends FamilyId, E extends FamilyEnv<F> = FamilyEnv<F>> = {
  [K in keyof (typeof familyRoutes)[F]]: RouteHandler<RouteOf<F, K>, E>;
};
