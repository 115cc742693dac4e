/**
 * One repository per family the contract declares: a family declared in the contract but missing
 * here is a compile error on `REPOSITORIES`.
 */
import type { FamilyId } from '../generated/routes.gen.ts';
import { AndroidRepository } from './android-repository.ts';
import type { Db } from './db.ts';
import { GraphRepository } from './graph-repository.ts';
import type { SeedData } from './types.ts';

export interface Repository {
  /** Inserts the family's seed rows that are missing. */
  seed(data: SeedData): Promise<void>;
}

export const REPOSITORIES = { android: AndroidRepository, graph: GraphRepository } satisfies {
  [F in FamilyId]: new (
    db: Db,
  ) => Repository;
};

export type Repositories = {
  readonly [F in keyof typeof REPOSITORIES]: InstanceType<(typeof REPOSITORIES)[F]>;
};
