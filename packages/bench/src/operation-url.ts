/** An operation's URL on a reference server: the spec's path of that operationId, filled with seeded ids. */
import { DEMO_TOKENS, SEED } from '@device-commands/server';
import { loadSpec, operationsOf } from '@device-commands/spec';

const SEEDED: Record<string, string> = {
  organizationId: SEED.organization.id,
  emmDeviceId: SEED.device.id,
  emmCommandId: SEED.commands.done,
  'device-id': SEED.graphDevices.laptop,
  'command-id': SEED.graphCommands.completed,
};

export function operationUrl(origin: string, operationId: string, query = ''): string {
  const op = operationsOf(loadSpec()).find((o) => o.operation.operationId === operationId);
  if (!op) throw new Error(`the contract has no operation ${operationId}`);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => SEEDED[name] ?? name);
  return `${origin}${op.family.basePath}${path}${query}`;
}

/** The first demo token of a family (the seeded organization's administrator, Ana). */
export const demoToken = (family: string): string => DEMO_TOKENS.find((t) => t.family === family)?.token ?? '';
