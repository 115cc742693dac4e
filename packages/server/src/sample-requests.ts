/**
 * A request for an operation on the reference server with its seed data, all from the spec: the path of that operationId
 * (filled with seeded ids), its HTTP method, the demo token of its family, and for an operation with
 * a body, the first example of its request body.
 */

import { loadDereferencedSpec, operationsOf } from '@device-commands/spec';
import { DEMO_TOKENS } from './auth/tokens.ts';
import { SEED } from './store/seed.ts';

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
  body?: string;
}

/** The contract's operations, read from the dereferenced bundle once per process (the benches ask per round). */
let loaded: ReturnType<typeof operationsOf> | undefined;
const specOperations = () => {
  loaded ??= operationsOf(loadDereferencedSpec());
  return loaded;
};

/** Every operation the contract declares, in its order: id, family and method. */
export function contractOperations(): { id: string; family: string; method: string }[] {
  return specOperations().map((o) => ({
    id: o.operation.operationId ?? '',
    family: o.family.id,
    method: o.method.toUpperCase(),
  }));
}

/**
 * `mounted`: the reference server serves each family under the base path the contract declares for it;
 * `prism mock` serves the spec's paths at its root.
 */
export function operationRequest(
  origin: string,
  operationId: string,
  query = '',
  mounted: 'family base path' | 'root' = 'family base path',
): OperationRequest {
  const op = specOperations().find((o) => o.operation.operationId === operationId);
  if (!op) throw new Error(`the contract has no operation ${operationId}`);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => SEEDED[name] ?? name);
  // The family's first demo token: the seeded organization's administrator, or Ana.
  const token = DEMO_TOKENS.find((t) => t.family === op.family.id)?.token ?? '';
  const media = (
    op.operation.requestBody as { content?: Record<string, { examples?: Record<string, { value?: unknown }> }> }
  )?.content?.['application/json'];
  const example = Object.values(media?.examples ?? {})[0]?.value;
  return {
    url: `${origin}${mounted === 'root' ? '' : op.family.basePath}${path}${query}`,
    method: op.method.toUpperCase() as OperationRequest['method'],
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(example !== undefined ? { body: JSON.stringify(example) } : {}),
  };
}
