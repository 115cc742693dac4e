/**
 * Microsoft Graph device commands: one typed handler per operationId. The `GraphHandlers` type makes
 * a missing handler, or a status or body the spec does not document, a compile error.
 */
import { graphBodies } from '../errors/graph.ts';
import type { Command } from '../generated/routes.gen.ts';
import type { GraphEnv } from '../http/env.ts';
import { graphCommandId } from '../store/ids.ts';
import type { GraphCommand, Store } from '../store/types.ts';
import type { FamilyHandlers } from './types.ts';

export type GraphHandlers = FamilyHandlers<'graph', GraphEnv>;

export function toCommand(command: GraphCommand): Command {
  return {
    id: command.id,
    status: command.status as Command['status'],
    type: command.type,
    payload: command.payload,
    appServiceName: command.appServiceName,
    packageFamilyName: command.packageFamilyName,
    postBackUri: command.postBackUri,
    permissionTicket: command.permissionTicket,
    error: command.error,
  };
}

export function createGraphHandlers(store: Store, now: () => Date): GraphHandlers {
  /** The signed-in user's command on the user's device, or undefined (for either not found). */
  const findCommand = async (user: string, deviceId: string, commandId: string) => {
    const device = await store.graph.findDevice(user, deviceId);
    return device && (await store.graph.getCommand(user, device.id, commandId));
  };

  return {
    listMyDevices: async (c) => {
      const devices = await store.graph.listDevices(c.get('principal').user);
      const base = new URL(c.req.url);
      return c.json(
        {
          '@odata.context': `${base.origin}${c.req.path.replace(/\/me\/devices\/?$/, '')}/$metadata#devices`,
          value: devices.map(({ userId: _userId, ...device }) => device),
        },
        200,
      );
    },

    sendDeviceCommand: async (c) => {
      const { 'device-id': deviceId } = c.req.valid('param');
      const body = c.req.valid('json');
      const user = c.get('principal').user;
      const device = await store.graph.findDevice(user, deviceId);
      if (!device) return c.json(graphBodies.itemNotFound(c, `Device '${deviceId}'`), 404);
      const at = now().toISOString();
      const command: GraphCommand = {
        id: graphCommandId(),
        userId: user,
        deviceId: device.id,
        type: body.type,
        status: 'requesting',
        payload: body.payload,
        appServiceName: body.type === 'AppService' ? body.appServiceName : null,
        packageFamilyName: body.type === 'AppService' ? body.packageFamilyName : null,
        postBackUri: body.postBackUri ?? null,
        permissionTicket: null,
        error: null,
        responsePayload: null,
        createdAt: at,
        updatedAt: at,
      };
      await store.graph.insertCommand(command);
      return c.json(toCommand(command), 201);
    },

    getDeviceCommand: async (c) => {
      const { 'device-id': deviceId, 'command-id': commandId } = c.req.valid('param');
      const command = await findCommand(c.get('principal').user, deviceId, commandId);
      if (!command) return c.json(graphBodies.itemNotFound(c, `Command '${commandId}'`), 404);
      return c.json(toCommand(command), 200);
    },

    getDeviceCommandResponsePayload: async (c) => {
      const { 'device-id': deviceId, 'command-id': commandId } = c.req.valid('param');
      const command = await findCommand(c.get('principal').user, deviceId, commandId);
      if (!command) return c.json(graphBodies.itemNotFound(c, `Command '${commandId}'`), 404);
      if (command.status !== 'completed' || !command.responsePayload) {
        return c.json(graphBodies.itemNotFound(c, `The response payload of command '${commandId}'`), 404);
      }
      return c.json({ ...command.responsePayload }, 200);
    },
  };
}
