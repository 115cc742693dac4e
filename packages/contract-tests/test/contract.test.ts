/**
 * The contract suite. Starts the reference server and Prism itself, sends everything through
 * `prism proxy`, judges every response with Prism and with Ajv, and stops everything at the end.
 * The checks follow Schemathesis's list; their numbers are the issue's.
 */

import type { FamilyId } from '@device-commands/server';
import { familiesOf, loadSpec } from '@device-commands/spec';
import { afterAll, beforeAll } from 'vitest';
import { authChecks } from './checks/auth.ts';
import { bodyChecks } from './checks/bodies.ts';
import { clientChecks } from './checks/client.ts';
import { coverageChecks } from './checks/coverage.ts';
import { flowChecks } from './checks/flows.ts';
import { fuzzChecks } from './checks/fuzz.ts';
import { patternChecks } from './checks/patterns.ts';
import { routeChecks } from './checks/routes.ts';
import type { Context } from './support/context.ts';
import { Oracle } from './support/oracle.ts';
import { startStack } from './support/stack.ts';

const ctx = {} as Context;
beforeAll(async () => {
  ctx.stack = await startStack();
  ctx.oracle = new Oracle(
    ctx.stack.proxy,
    Object.fromEntries(familiesOf(loadSpec()).map((f) => [f.id, `${ctx.stack.server}${f.basePath}`])) as Record<
      FamilyId,
      string
    >,
  );
}, 120_000);
afterAll(async () => {
  await ctx.stack?.stop();
});

flowChecks(ctx);
authChecks(ctx);
patternChecks(ctx);
bodyChecks(ctx);
routeChecks(ctx);
clientChecks(ctx);
fuzzChecks(ctx);
coverageChecks();
