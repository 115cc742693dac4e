import { DEMO_TOKENS, type FamilyId, SEED, type TokenEntry } from '@device-commands/server';
import { familyOfPath, loadSpec } from '@device-commands/spec';
import type { Oracle } from './oracle.ts';
import type { Stack } from './stack.ts';

export { SEED };

/** The running stack and the oracle, set by contract.test.ts before any check runs. */
export interface Context {
  stack: Stack;
  oracle: Oracle;
}

/** The demo tokens, plus one of each family that has no permission or scope at all. */
export const TOKENS = {
  androidAdmin: 'demo-android-admin-token',
  androidViewer: 'demo-android-viewer-token',
  androidNothing: 'contract-android-no-permissions',
  androidOther: 'demo-android-globex-token',
  androidFree: 'demo-android-free-plan-token',
  graphAna: 'demo-graph-ana-token-0001',
  graphNothing: 'contract-graph-no-scopes-at-all',
  graphBob: 'demo-graph-bob-token-0001',
} as const;

export const SERVER_TOKENS: TokenEntry[] = [
  ...DEMO_TOKENS,
  { family: 'android' as const, token: TOKENS.androidNothing, organization: SEED.organization.id, permissions: [] },
  { family: 'graph' as const, token: TOKENS.graphNothing, user: SEED.graphUser, scopes: [] },
];

/** Valid values of every path parameter, for requests that must get past validation. */
export const VALID_PATH: Record<string, string> = {
  organizationId: SEED.organization.id,
  emmDeviceId: SEED.device.id,
  emmCommandId: SEED.commands.done,
  'device-id': SEED.graphDevices.laptop,
  'command-id': SEED.graphCommands.completed,
};

export function fillPath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? VALID_PATH[name] ?? ''),
  );
}

const spec = loadSpec();
/** The family of a path of the contract, as the spec declares it. */
export const familyOf = (path: string) => familyOfPath(spec, path).id as FamilyId;
/** The token with every permission or scope, per family. */
export const ADMIN_TOKEN: Record<FamilyId, string> = { android: TOKENS.androidAdmin, graph: TOKENS.graphAna };
export const adminToken = (family: FamilyId) => ADMIN_TOKEN[family];

/** The validation-failure code of each family. */
export const VALIDATION = { android: 3000, graph: 'invalidRequest' } as const;

export function errorCode(body: unknown): number | string | undefined {
  return (body as { error?: { code?: number | string } } | undefined)?.error?.code;
}
