import type { AndroidPrincipal, GraphPrincipal } from '../auth/tokens.ts';
import type { OperationId } from '../generated/routes.gen.ts';

export type Family = 'android' | 'graph';

interface CommonVariables {
  requestId: string;
  /** Set by the route's first middleware, so that later layers know which operation answered. */
  operationId?: OperationId;
}

export interface AppEnv {
  Variables: CommonVariables & { principal?: AndroidPrincipal | GraphPrincipal };
}
export interface AndroidEnv {
  Variables: CommonVariables & { principal: AndroidPrincipal };
}
export interface GraphEnv {
  Variables: CommonVariables & { principal: GraphPrincipal };
}
