/** Stateful flows against the implementation and whatever moves its commands along. */
import { type Check, SkipCheck, type T } from '../runner.ts';
import { codes, ERROR_CODES, fillPath, operations, pointer } from './shared.ts';

const ANDROID_STATUS = pointer('components', 'schemas', 'EmmCommandStatus');

const DEVICE = '/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands';
const GRAPH_DEVICE = '/me/devices/{device-id}/commands';
type Json = { data?: { id?: string; status?: string; items?: { id: string }[] } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function android(t: T) {
  const f = t.family('android');
  const device = fillPath(DEVICE, f);
  const send = (method: string, path: string, body?: unknown) =>
    t.send('android', { method, path, token: f.token('full'), ...(body === undefined ? {} : { body }) });
  return { f, device, send };
}

export function flowChecks(): Check[] {
  const deviceNeeds = ['path:organizationId', 'path:emmDeviceId', 'token:full'];
  const checks: Check[] = [
    {
      id: 'flows.android.create-cancel',
      group: 'flows',
      name: 'Android: create → get → list → cancel → cancel again (400 5052) → get shows CANCEL',
      family: 'android',
      kind: 'stateful',
      demands: [ANDROID_STATUS, ERROR_CODES],
      needs: [...deviceNeeds, 'create'],
      run: async (t) => {
        // The contract sets no time a command stays PENDING: the device may apply it at once. Each
        // attempt follows the branch the contract allows (a command already DONE when the cancel
        // arrives is refused with 5052, and stays DONE); the PENDING → CANCEL path is proven on the
        // first attempt that reaches the command while it is still PENDING.
        const { device, send } = android(t);
        const readsBack = async (id: string, status: string, what: string) =>
          t.expect(((await send('GET', `${device}/${id}`)).body as Json).data?.status, status, what);
        const ATTEMPTS = 5;
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          const created = await send('POST', device, {
            type: 'START_LOST_MODE',
            startLostModeParams: { lostMessage: { defaultMessage: 'Call me' } },
          });
          t.expectAnswer(created, 200);
          const id = (created.body as Json).data?.id ?? '';
          // Applied or not yet: PENDING or DONE, and once DONE, DONE from then on.
          let applied = false;
          const state = (status: string | undefined, what: string) => {
            t.expect(
              applied ? status === 'DONE' : status === 'PENDING' || status === 'DONE',
              true,
              `${what}: ${applied ? 'DONE (it was DONE before)' : 'PENDING, or DONE once the device applied it'}, got ${status}`,
            );
            applied ||= status === 'DONE';
          };
          state((created.body as Json).data?.status, 'a new command');
          state(((await send('GET', `${device}/${id}`)).body as Json).data?.status, 'the new command, read back');
          const list = (await send('GET', `${device}?limit=100&sort=createdAt:desc`)).body as Json;
          t.expect(list.data?.items?.[0]?.id, id, 'the newest command heads the list');
          const cancelled = await send('POST', `${device}/${id}/cancel`);
          if (cancelled.status === 400 || applied) {
            // (A command already seen DONE cannot be cancelled.)
            // The device was faster: refused as not PENDING, and still DONE.
            t.expectAnswer(cancelled, 400, codes('android').notPending);
            await readsBack(id, 'DONE', 'a command whose cancel was refused (5052): applied by the device');
            continue;
          }
          t.expectAnswer(cancelled, 200);
          t.expect((cancelled.body as Json).data?.status, 'CANCEL', 'the cancelled command');
          const again = await send('POST', `${device}/${id}/cancel`);
          t.expectAnswer(again, 400, codes('android').notPending);
          await readsBack(id, 'CANCEL', 'the command after two cancels');
          return;
        }
        throw new SkipCheck(
          `not observable: the device applied each of ${ATTEMPTS} new commands before its cancel arrived (every branch taken was correct)`,
        );
      },
    },
    {
      id: 'flows.android.agent-done',
      group: 'flows',
      name: 'Android: a pending command is applied by the device (DONE), and then cannot be cancelled (5052)',
      family: 'android',
      kind: 'stateful',
      demands: [ANDROID_STATUS, ERROR_CODES],
      needs: [...deviceNeeds, 'create', 'agent'],
      run: async (t) => {
        const { f, device, send } = android(t);
        const created = await send('POST', device, { type: 'REBOOT' });
        t.expectAnswer(created, 200);
        const id = (created.body as Json).data?.id ?? '';
        const deadline = Date.now() + (f.config.agent?.completesWithinMs ?? 0);
        let status = 'PENDING';
        while (status === 'PENDING' && Date.now() < deadline) {
          await sleep(250);
          status = ((await send('GET', `${device}/${id}`)).body as Json).data?.status ?? '';
        }
        t.expect(status, 'DONE', `the command after ${f.config.agent?.completesWithinMs} ms`);
        t.expectAnswer(await send('POST', `${device}/${id}/cancel`), 400, codes('android').notPending);
      },
    },
    {
      id: 'flows.android.cancel-done',
      group: 'flows',
      name: 'Android: cancelling a DONE command is refused (400 5052) and leaves it DONE',
      family: 'android',
      kind: 'stateful',
      demands: [ANDROID_STATUS, ERROR_CODES],
      needs: [...deviceNeeds, 'command:done'],
      run: async (t) => {
        const { f, device, send } = android(t);
        const id = f.commands.done ?? '';
        t.expectAnswer(await send('POST', `${device}/${id}/cancel`), 400, codes('android').notPending);
        t.expect(
          ((await send('GET', `${device}/${id}`)).body as Json).data?.status,
          'DONE',
          'the command after the refused cancel',
        );
      },
    },
    {
      id: 'flows.android.read-states',
      group: 'flows',
      name: 'Android: each configured command reads back in its state',
      family: 'android',
      kind: 'stateful',
      demands: [ANDROID_STATUS],
      needs: [...deviceNeeds, 'command:pending'],
      run: async (t) => {
        const { f, device, send } = android(t);
        const expected: Record<string, string> = { pending: 'PENDING', done: 'DONE', cancelled: 'CANCEL' };
        for (const [state, id] of Object.entries(f.commands)) {
          if (!expected[state]) continue;
          t.expect(
            ((await send('GET', `${device}/${id}`)).body as Json).data?.status,
            expected[state],
            `command ${state}`,
          );
        }
      },
    },
    {
      id: 'flows.graph.read-states',
      group: 'flows',
      name: 'Graph: each configured command reads back in its state (an in-flight one may have moved on)',
      family: 'graph',
      kind: 'stateful',
      demands: [pointer('components', 'schemas', 'ActionStatus')],
      needs: ['path:device-id', 'token:full'],
      run: async (t) => {
        const f = t.family('graph');
        const device = fillPath(GRAPH_DEVICE, f);
        const token = f.token('full');
        // In flight, in the order a command passes them (the send-poll flow checks the order too).
        const IN_FLIGHT = ['requesting', 'sentToTarget', 'executing'];
        const states = Object.entries(f.commands);
        if (states.length === 0) throw new SkipCheck('needs families.graph.ids.commands (a command id by state)');
        for (const [state, id] of states) {
          const res = await t.send('graph', { path: `${device}/${id}`, token });
          t.expectAnswer(res, 200);
          const status = (res.body as { status?: string }).status ?? '';
          const at = IN_FLIGHT.indexOf(state);
          t.expect(
            at < 0
              ? status === state
              : status === state || IN_FLIGHT.indexOf(status) > at || !IN_FLIGHT.includes(status),
            true,
            `command ${state} (${id}) reads back as ${status}`,
          );
        }
      },
    },
    {
      id: 'flows.graph.send-poll-payload',
      group: 'flows',
      name: 'Graph: send → poll until completed (only documented in-flight states) → response payload',
      family: 'graph',
      kind: 'stateful',
      demands: [pointer('components', 'schemas', 'ActionStatus'), pointer('paths', GRAPH_DEVICE, 'post'), ERROR_CODES],
      needs: ['path:device-id', 'token:full', 'create', 'agent'],
      run: async (t) => {
        const f = t.family('graph');
        const device = fillPath(GRAPH_DEVICE, f);
        const token = f.token('full');
        const sent = await t.send('graph', {
          method: 'POST',
          path: device,
          token,
          body: {
            type: 'AppService',
            appServiceName: 'com.example.echo',
            packageFamilyName: 'Example.Echo_8wekyb3d8bbwe',
            payload: { ping: 1 },
          },
        });
        t.expectAnswer(sent, 201);
        const id = (sent.body as { id: string }).id;
        let status = (sent.body as { status: string }).status;
        const seen = new Set<string>([status]);
        // No payload until the command has completed; a device may complete it at once (the contract
        // sets no minimum time in flight), and then the payload is there.
        const early = await t.send('graph', { path: `${device}/${id}/responsePayload`, token });
        if (early.status === 200) {
          status = ((await t.send('graph', { path: `${device}/${id}`, token })).body as { status: string }).status;
          t.expect(status, 'completed', 'a command whose response payload is already there');
        } else {
          t.expectAnswer(early, 404, codes('graph').notFound);
        }
        const deadline = Date.now() + (f.config.agent?.completesWithinMs ?? 0);
        while (status !== 'completed' && Date.now() < deadline) {
          await sleep(100);
          status = ((await t.send('graph', { path: `${device}/${id}`, token })).body as { status: string }).status;
          seen.add(status);
        }
        t.expect(status, 'completed', 'the command in the end');
        t.expect(
          [...seen].filter((s) => !['requesting', 'sentToTarget', 'executing', 'completed'].includes(s)),
          [],
          'states seen on the way',
        );
        t.expectAnswer(await t.send('graph', { path: `${device}/${id}/responsePayload`, token }), 200);
      },
    },
    {
      id: 'flows.graph.my-devices',
      group: 'flows',
      name: "Graph: my devices list mine (each configured one) and never another user's",
      family: 'graph',
      kind: 'stateful',
      demands: [pointer('paths', '/me/devices', 'get')],
      needs: ['token:full', 'token:otherTenant', 'path:device-id', 'other:device-id'],
      run: async (t) => {
        const f = t.family('graph');
        const ids = async (token: string) =>
          ((await t.send('graph', { path: '/me/devices', token })).body as { value: { id: string }[] }).value.map(
            (d) => d.id,
          );
        const mine = await ids(f.token('full'));
        const theirs = await ids(f.token('otherTenant'));
        t.expect(
          [mine.includes(f.path['device-id'] ?? ''), mine.includes(f.other['device-id'] ?? '')],
          [true, false],
          'my list',
        );
        t.expect(
          [theirs.includes(f.other['device-id'] ?? ''), theirs.includes(f.path['device-id'] ?? '')],
          [true, false],
          "the other user's list",
        );
        // My second device (ids.sameTenant), when configured, is mine too, and not the other user's.
        const second = f.sameTenant['device-id'];
        if (second)
          t.expect([mine.includes(second), theirs.includes(second)], [true, false], 'my second device in both lists');
      },
    },
  ];
  for (const { path, method, operation, family } of operations.filter((o) => o.family.id === 'android')) {
    checks.push({
      id: `flows.android.no-feature.${operation.operationId}`,
      group: 'flows',
      name: `Android: ${operation.operationId} for an organization whose plan lacks the feature → its success, or 400 5050`,
      family: family.id,
      operationId: operation.operationId,
      kind: 'stateful',
      demands: [ERROR_CODES, 'openapi/README.md#decisions (D3)'],
      needs: [
        'token:noFeature',
        'noFeature:organizationId',
        'noFeature:emmDeviceId',
        ...(path.includes('{emmCommandId}') ? ['noFeature:emmCommandId'] : []),
      ],
      run: async (t) => {
        const f = t.family('android');
        const res = await t.send('android', {
          method: method.toUpperCase(),
          path: fillPath(path, f, f.noFeature),
          token: f.token('noFeature'),
          ...(method === 'post' && operation.requestBody ? { body: { type: 'LOCK' } } : {}),
        });
        // The contract lists 5050 (400) among the answers of every Android operation (openapi/README.md,
        // "Error codes"; Decision D3), and says nothing of which operations a plan without the feature
        // refuses: the answer is the operation's own success, or that refusal, and nothing else.
        const success = Object.keys(operation.responses)
          .filter((s) => /^2\d\d$/.test(s))
          .map(Number);
        if (success.includes(res.status)) return;
        t.expectAnswer(res, 400, codes('android').noFeature);
      },
    });
  }
  return checks;
}
