/**
 * Where a request is handled: one function per operation, by operationId, behind the checks of
 * `server.ts` (route, limits, authentication, permission, validation). Each returns the status and
 * body of its success, or a problem of its family.
 */
import { type Problem, problems } from './envelopes.ts';
import { type AndroidCommand, newGraphCommandId, type Store, type Token } from './store.ts';

export interface Call {
  store: Store;
  params: Record<string, unknown>;
  body: unknown;
  token: Token;
  /** Schedules the device agent for a new command. */
  apply: (run: () => void) => void;
  baseUrl: string;
}
type Result = { status: number; body: unknown } | Problem;
type Handler = (call: Call) => Result;

const COMMAND_TYPE = 'type.googleapis.com/google.android.devicemanagement.v1.Command';

function androidView(c: AndroidCommand, enterprise: string) {
  return {
    id: c.id,
    organization: c.organization,
    emmEnterprise: enterprise,
    status: c.status,
    config: {
      metadata: { '@type': COMMAND_TYPE, type: c.type, createTime: c.createdAt },
      done: c.status !== 'PENDING',
    },
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** The organization and device of an Android path, when the token may see them. */
function androidScope(call: Call) {
  const org = call.store.organization(String(call.params.organizationId));
  if (!org || org.id !== call.token.tenant) return undefined;
  const commands = org.devices.get(String(call.params.emmDeviceId));
  if (!commands) return undefined;
  return { org, commands };
}

function androidCommand(call: Call) {
  const scope = androidScope(call);
  const command = call.store.androidById.get(String(call.params.emmCommandId).toLowerCase());
  if (!scope || !command || command.organization !== scope.org.id || command.device !== call.params.emmDeviceId)
    return undefined;
  return { ...scope, command };
}

const ok = (data: unknown, status = 200) => ({ status, body: { status: true, data } });

function graphDevice(call: Call) {
  const device = call.store.graphDevices.get(String(call.params['device-id']));
  return device && device.user === call.token.tenant ? device : undefined;
}

function graphCommand(call: Call) {
  const device = graphDevice(call);
  const id = String(call.params['command-id']).toUpperCase();
  const command = device?.commands.get(id);
  return device && command ? { device, command } : undefined;
}

function graphView(c: ReturnType<typeof graphCommand> & object, baseUrl: string) {
  const { command } = c;
  return {
    '@odata.context': `${baseUrl}/$metadata#users('me')/devices('${c.device.id}')/commands/$entity`,
    id: command.id,
    status: command.status,
    type: command.type,
    payload: command.payload,
    appServiceName: command.appServiceName,
    packageFamilyName: command.packageFamilyName,
    postBackUri: command.postBackUri,
    permissionTicket: null,
    error: null,
  };
}

export const handlers: Record<string, Handler> = {
  listAndroidDeviceCommands(call) {
    const scope = androidScope(call);
    if (!scope) return problems.notFound();
    const page = call.params.page as number;
    const limit = call.params.limit as number;
    const [field = 'createdAt', direction = 'desc'] = String(call.params.sort).split(':');
    const key = field as 'createdAt' | 'updatedAt';
    const sorted = [...scope.commands].sort((a, b) => {
      const order = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.seq - b.seq;
      return direction === 'asc' ? order : -order;
    });
    const totalDocs = sorted.length;
    const totalPages = Math.ceil(totalDocs / limit);
    return ok({
      items: sorted.slice((page - 1) * limit, page * limit).map((c) => androidView(c, scope.org.enterprise)),
      totalDocs,
      limit,
      page,
      totalPages,
      pagingCounter: (page - 1) * limit + 1,
      hasPrevPage: page > 1,
      hasNextPage: page < totalPages,
      prevPage: page > 1 ? page - 1 : null,
      nextPage: page < totalPages ? page + 1 : null,
    });
  },
  createAndroidDeviceCommand(call) {
    const scope = androidScope(call);
    if (!scope) return problems.notFound();
    if (!scope.org.plan) return problems.plan();
    const { type, ...params } = call.body as { type: string };
    const command = call.store.addAndroidCommand(scope.org, String(call.params.emmDeviceId), type, params);
    call.apply(() => {
      if (command.status !== 'PENDING') return;
      command.status = 'DONE';
      command.updatedAt = new Date().toISOString();
    });
    return ok(androidView(command, scope.org.enterprise));
  },
  getAndroidDeviceCommand(call) {
    const found = androidCommand(call);
    return found ? ok(androidView(found.command, found.org.enterprise)) : problems.notFound();
  },
  cancelAndroidDeviceCommand(call) {
    const found = androidCommand(call);
    if (!found) return problems.notFound();
    if (!found.org.plan) return problems.plan();
    if (found.command.status !== 'PENDING') return problems.notPending();
    found.command.status = 'CANCEL';
    found.command.updatedAt = new Date().toISOString();
    return ok(androidView(found.command, found.org.enterprise));
  },
  listMyDevices(call) {
    const user = call.token.tenant;
    const ids = call.store.userDevices.get(user) ?? [];
    return {
      status: 200,
      body: {
        '@odata.context': `${call.baseUrl}/$metadata#users('me')/devices`,
        value: ids.map((id) => {
          const d = call.store.graphDevices.get(id);
          return {
            id,
            name: d?.name ?? null,
            status: 'online',
            platform: 'Windows',
            kind: 'laptop',
            model: null,
            manufacturer: null,
          };
        }),
      },
    };
  },
  sendDeviceCommand(call) {
    const device = graphDevice(call);
    if (!device) return problems.notFound();
    const body = call.body as {
      type: string;
      payload: Record<string, unknown>;
      appServiceName?: string;
      packageFamilyName?: string;
      postBackUri?: string;
    };
    const command = {
      id: newGraphCommandId(),
      device: device.id,
      status: 'requesting',
      type: body.type,
      payload: body.payload,
      appServiceName: body.appServiceName ?? null,
      packageFamilyName: body.packageFamilyName ?? null,
      postBackUri: body.postBackUri ?? null,
      response: undefined as Record<string, unknown> | undefined,
    };
    device.commands.set(command.id, command);
    call.apply(() => {
      command.status = 'completed';
      if (command.type === 'AppService') command.response = { Result: 'ok', Received: command.payload };
    });
    return { status: 201, body: graphView({ device, command }, call.baseUrl) };
  },
  getDeviceCommand(call) {
    const found = graphCommand(call);
    return found ? { status: 200, body: graphView(found, call.baseUrl) } : problems.notFound();
  },
  getDeviceCommandResponsePayload(call) {
    const found = graphCommand(call);
    if (found?.command.status !== 'completed' || !found.command.response) return problems.notFound();
    return {
      status: 200,
      body: {
        '@odata.context': `${call.baseUrl}/$metadata#users('me')/devices('${found.device.id}')/commands('${found.command.id}')/responsePayload/$entity`,
        id: found.command.id,
        ...found.command.response,
      },
    };
  },
};
