/**
 * What a person writes for each family that the contract declares (`x-families`): its error module
 * (the family's envelope), its handlers (one per operation, typed by the generated routes) and, in
 * auth/tokens.ts, the schema of its tokens. Everything else (routes, validation, authorization,
 * base paths, 404/405/413/415/500 answers) is derived from the contract.
 *
 * A family declared in the contract but missing here is a compile error on `FAMILIES`; a missing
 * handler is a compile error in the family's handler module.
 */
import { androidErrors } from './errors/android.ts';
import { graphErrors } from './errors/graph.ts';
import type { FamilyErrors } from './errors/types.ts';
import type { FamilyId } from './generated/routes.gen.ts';
import { createAndroidHandlers } from './handlers/android.ts';
import { createGraphHandlers } from './handlers/graph.ts';
import type { FamilyHandlers } from './handlers/types.ts';
import type { Store } from './store/types.ts';

export interface FamilyImplementation<F extends FamilyId> {
  /** The family's error-envelope module: the only place that builds its error bodies. */
  errors: FamilyErrors & { family: F };
  /** The family's handlers, one per operation of the family. */
  // biome-ignore lint/suspicious/noExplicitAny: each family's handlers read its own principal type (auth/tokens.ts)
  handlers(store: Store, now: () => Date): FamilyHandlers<F, any>;
}

export type FamilyRegistry = { [F in FamilyId]: FamilyImplementation<F> };

export const FAMILIES: FamilyRegistry = {
  android: { errors: androidErrors as FamilyErrors & { family: 'android' }, handlers: createAndroidHandlers },
  graph: { errors: graphErrors as FamilyErrors & { family: 'graph' }, handlers: createGraphHandlers },
};
