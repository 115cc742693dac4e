/**
 * Compile-time guarantees of the typed handlers, checked by `tsc` (pnpm typecheck): each
 * `@ts-expect-error` below must stay an error, or the type check fails.
 */
import type { AndroidHandlers } from '../src/handlers/android.ts';
import type { GraphHandlers } from '../src/handlers/graph.ts';

const command = { id: '65a1f0c2e4b0a1b2c3d4e701', status: 'PENDING' as const };

export const undocumentedStatus: AndroidHandlers['getAndroidDeviceCommand'] = async (c) =>
  // @ts-expect-error getAndroidDeviceCommand documents no 201
  c.json({ status: true as const, data: command }, 201);

export const undocumentedBody: AndroidHandlers['getAndroidDeviceCommand'] = async (c) =>
  // @ts-expect-error a 404 must carry code 3001, not 4004
  c.json({ status: false as const, error: { code: 4004 as const, message: 'Invalid Token' as const } }, 404);

export const wrongEnum: GraphHandlers['getDeviceCommand'] = async (c) =>
  // @ts-expect-error "done" is not an actionStatus
  c.json({ id: 'AB', status: 'done' as const }, 200);

// @ts-expect-error every operationId needs a handler: three of four are missing
export const missingHandlers: AndroidHandlers = {
  listAndroidDeviceCommands: async (c) =>
    c.json({ status: false as const, error: { code: 3001 as const, message: 'Entity not found' as const } }, 404),
};

// And the documented forms compile.
export const documented: AndroidHandlers['getAndroidDeviceCommand'] = async (c) =>
  c.json({ status: false as const, error: { code: 3001 as const, message: 'Entity not found' as const } }, 404);
