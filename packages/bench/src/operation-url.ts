/**
 * A request for an operation on a reference server, all from the spec: the path of that operationId
 * (filled with seeded ids), its HTTP method, and the demo token of its family.
 */
import { DEMO_TOKENS, SEED } from '@device-commands/server';
import { loadSpec, operationsOf } from '@device-commands/spec';

const SEEDED: Record<string, string> = {
  organizationId: SEED.organization.id,
  emmDeviceId: SEED.device.id,
  emmCommandId: SEED.commands.done,
  'device-id': SEED.graphDevices.laptop,
  'command-id': SEED.graphCommands.completed,
};

export interface OperationRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
}

export function operationRequest(origin: string, operationId: string, query = ''): OperationRequest {
  const op = operationsOf(loadSpec()).find((o) => o.operation.operationId === operationId);
  if (!op) throw new Error(`the contract has no operation ${operationId}`);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => SEEDED[name] ?? name);
  // The family's first demo token: the seeded organization's administrator, or Ana.
  const token = DEMO_TOKENS.find((t) => t.family === op.family.id)?.token ?? '';
  return {
    url: `${origin}${op.family.basePath}${path}${query}`,
    method: op.method.toUpperCase() as OperationRequest['method'],
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  };
}
