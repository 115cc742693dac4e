import type { PrincipalOf } from '../auth/tokens.ts';
import type { FamilyId, OperationId } from '../generated/routes.gen.ts';

/** A family declared in the contract (`x-families`); generated, never spelled out by hand. */
export type Family = FamilyId;

interface CommonVariables {
  requestId: string;
  /** Set by the route's first middleware, so that later layers know which operation answered. */
  operationId?: OperationId;
}

export interface AppEnv {
  Variables: CommonVariables & { principal?: PrincipalOf<FamilyId> };
}
/** The environment of a family's handlers: the principal is that family's. */
export interface FamilyEnv<F extends FamilyId> {
  Variables: CommonVariables & { principal: PrincipalOf<F> };
}
export type AndroidEnv = FamilyEnv<'android'>;
export type GraphEnv = FamilyEnv<'graph'>;
