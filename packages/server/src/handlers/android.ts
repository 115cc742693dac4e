/**
 * Android Enterprise commands: one typed handler per operationId. The `AndroidHandlers` type makes a
 * missing handler, or a status or body the spec does not document, a compile error.
 */
import type { Context } from 'hono';
import { androidBodies } from '../errors/android.ts';
import type { EmmCommand, EmmCommandType } from '../generated/routes.gen.ts';
import type { AndroidEnv } from '../http/env.ts';
import { objectId } from '../store/ids.ts';
import type { AndroidCommand, AndroidDevice, Organization, Store } from '../store/types.ts';
import type { FamilyHandlers } from './types.ts';

export type AndroidHandlers = FamilyHandlers<'android', AndroidEnv>;

const AMAPI_COMMAND_TYPE = 'type.googleapis.com/google.android.devicemanagement.v1.Command';
const DEFAULT_DURATION = '600s';

export function toEmmCommand(command: AndroidCommand): EmmCommand {
  return {
    id: command.id,
    organization: command.organizationId,
    emmEnterprise: command.emmEnterprise,
    ...(command.mdmUser ? { mdmUser: command.mdmUser } : {}),
    status: command.status,
    config: {
      metadata: {
        '@type': AMAPI_COMMAND_TYPE,
        type: command.type as EmmCommandType,
        createTime: command.createdAt,
        duration: typeof command.request.duration === 'string' ? command.request.duration : DEFAULT_DURATION,
        userName: command.userName,
      },
      done: command.done,
    },
    _config: { name: command.amapiOperation, metadata: { type: command.type } },
    createdAt: command.createdAt,
    updatedAt: command.updatedAt,
  };
}

type Scope =
  | { kind: 'ok'; organization: Organization; device: AndroidDevice }
  | { kind: 'billing' }
  | { kind: 'not-found' };

/**
 * Resolves the organization and device of the path for the token's organization. Another
 * organization's ids answer exactly like unknown ids, so their existence is not revealed.
 */
async function resolveScope(
  c: Context<AndroidEnv>,
  store: Store,
  organizationId: string,
  deviceKey: string,
): Promise<Scope> {
  const principal = c.get('principal');
  const own = await store.android.findOrganization(principal.organization);
  if (own?.plan === 'free') return { kind: 'billing' };
  const named = organizationId.toLowerCase() === own?.id || organizationId === own?.slug;
  const organization = named ? own : await store.android.findOrganization(organizationId);
  if (!organization || !own || organization.id !== own.id) return { kind: 'not-found' };
  const device = await store.android.findDevice(organization.id, deviceKey);
  return device ? { kind: 'ok', organization, device } : { kind: 'not-found' };
}

/** The scope, or the documented answer when there is none: 400 5050 (billing plan) or 404 3001. */
async function scopeOrError(c: Context<AndroidEnv>, store: Store, organizationId: string, deviceKey: string) {
  const scope = await resolveScope(c, store, organizationId, deviceKey);
  if (scope.kind === 'billing') return { error: c.json(androidBodies.billingPlan(), 400) } as const;
  if (scope.kind === 'not-found') return { error: c.json(androidBodies.entityNotFound(), 404) } as const;
  return { scope } as const;
}

export function createAndroidHandlers(store: Store, now: () => Date): AndroidHandlers {
  return {
    listAndroidDeviceCommands: async (c) => {
      const { organizationId, emmDeviceId } = c.req.valid('param');
      const { page, limit, sort } = c.req.valid('query');
      const found = await scopeOrError(c, store, organizationId, emmDeviceId);
      if ('error' in found) return found.error;
      const { scope } = found;
      const [field, direction] = sort.split(':') as ['createdAt' | 'updatedAt', 'asc' | 'desc' | undefined];
      const result = await store.android.listCommands(scope.organization.id, scope.device.id, {
        offset: (page - 1) * limit,
        limit,
        sortField: field,
        sortDirection: direction ?? 'desc',
      });
      const totalPages = Math.ceil(result.total / limit);
      return c.json(
        {
          status: true as const,
          data: {
            items: result.items.map(toEmmCommand),
            totalDocs: result.total,
            limit,
            page,
            totalPages,
            pagingCounter: (page - 1) * limit + 1,
            hasPrevPage: page > 1,
            hasNextPage: page < totalPages,
            prevPage: page > 1 ? page - 1 : null,
            nextPage: page < totalPages ? page + 1 : null,
          },
        },
        200,
      );
    },

    createAndroidDeviceCommand: async (c) => {
      const { organizationId, emmDeviceId } = c.req.valid('param');
      const body = c.req.valid('json');
      const found = await scopeOrError(c, store, organizationId, emmDeviceId);
      if ('error' in found) return found.error;
      const { scope } = found;
      const at = now();
      const id = objectId(at.getTime());
      const command: AndroidCommand = {
        id,
        organizationId: scope.organization.id,
        deviceId: scope.device.id,
        emmEnterprise: scope.organization.emmEnterprise,
        mdmUser: scope.device.mdmUser,
        type: body.type,
        status: 'PENDING',
        request: body,
        userName: `${scope.organization.amapiEnterprise}/users/service-account`,
        amapiOperation: `${scope.device.amapiName}/operations/${at.getTime()}${id.slice(-6)}`,
        done: false,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      await store.android.insertCommand(command);
      return c.json({ status: true as const, data: toEmmCommand(command) }, 200);
    },

    getAndroidDeviceCommand: async (c) => {
      const { organizationId, emmDeviceId, emmCommandId } = c.req.valid('param');
      const found = await scopeOrError(c, store, organizationId, emmDeviceId);
      if ('error' in found) return found.error;
      const { scope } = found;
      const command = await store.android.getCommand(scope.organization.id, scope.device.id, emmCommandId);
      if (!command) return c.json(androidBodies.entityNotFound(), 404);
      return c.json({ status: true as const, data: toEmmCommand(command) }, 200);
    },

    cancelAndroidDeviceCommand: async (c) => {
      const { organizationId, emmDeviceId, emmCommandId } = c.req.valid('param');
      const found = await scopeOrError(c, store, organizationId, emmDeviceId);
      if ('error' in found) return found.error;
      const { scope } = found;
      const result = await store.android.cancelCommand(
        scope.organization.id,
        scope.device.id,
        emmCommandId,
        now().toISOString(),
      );
      if (result.outcome === 'cancelled')
        return c.json({ status: true as const, data: toEmmCommand(result.command) }, 200);
      if (result.outcome === 'not-pending') return c.json(androidBodies.commandNotPending(), 400);
      return c.json(androidBodies.entityNotFound(), 404);
    },
  };
}
