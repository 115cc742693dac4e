/**
 * Every bad input gets its family's documented envelope, status and code: never a 500, never a
 * stack trace. In-process (`app.request`), with strict response validation on.
 */
import { describe, expect, it } from 'vitest';
import { ANDROID, DEVICE_PATH, GRAPH, GRAPH_DEVICE_PATH, harness, SEED, TOKENS } from './support/harness.ts';

const h = await harness();

interface Case {
  name: string;
  method: string;
  path: string;
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: number | string;
  allow?: string;
  /** Part of the error message the caller reads. */
  message?: string;
}

const big = { type: 'LOCK', newPassword: 'x'.repeat(70 * 1024) };
const orgPath = (org: string, device: string = SEED.device.id) =>
  `${ANDROID}/organizations/${org}/mdm/android/enterprise/devices/${device}`;
const other = `${ANDROID}/organizations/${SEED.otherOrganization.id}/mdm/android/enterprise/devices/${SEED.otherDevice.id}`;
const admin = TOKENS.androidAdmin;

const androidCases: Case[] = [
  { name: 'no token', method: 'GET', path: `${DEVICE_PATH}/commands`, token: null, status: 401, code: 4002 },
  {
    name: 'an empty bearer token',
    method: 'GET',
    path: `${DEVICE_PATH}/commands`,
    headers: { authorization: 'Bearer ' },
    token: null,
    status: 401,
    code: 4002,
  },
  {
    name: 'a Basic credential',
    method: 'GET',
    path: `${DEVICE_PATH}/commands`,
    headers: { authorization: 'Basic YTpi' },
    token: null,
    status: 401,
    code: 4004,
  },
  {
    name: 'an unknown token',
    method: 'GET',
    path: `${DEVICE_PATH}/commands`,
    token: 'not-a-real-token-at-all',
    status: 401,
    code: 4004,
  },
  {
    name: 'a Graph token',
    method: 'GET',
    path: `${DEVICE_PATH}/commands`,
    token: TOKENS.graphAna,
    status: 401,
    code: 4004,
  },
  {
    name: 'no token on cancel',
    method: 'POST',
    path: `${DEVICE_PATH}/commands/${SEED.commands.done}/cancel`,
    token: null,
    status: 401,
    code: 4002,
  },
  {
    name: 'create without the create permission',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: TOKENS.androidViewer,
    body: { type: 'LOCK' },
    status: 403,
    code: 4003,
  },
  {
    name: 'cancel without the cancel permission',
    method: 'POST',
    path: `${DEVICE_PATH}/commands/${SEED.commands.done}/cancel`,
    token: TOKENS.androidViewer,
    status: 403,
    code: 4003,
  },
  {
    name: 'an organization whose plan lacks MDM',
    method: 'GET',
    path: `${orgPath(SEED.freeOrganization.id, SEED.freeDevice.id)}/commands`,
    token: TOKENS.androidFree,
    status: 400,
    code: 5050,
  },
  {
    name: 'an emmCommandId of 23 hex digits',
    method: 'GET',
    path: `${DEVICE_PATH}/commands/${SEED.commands.done.slice(1)}`,
    token: admin,
    status: 400,
    code: 3000,
  },
  {
    name: 'an emmCommandId with a non-hex letter',
    method: 'POST',
    path: `${DEVICE_PATH}/commands/${SEED.commands.done.slice(0, 23)}g/cancel`,
    token: admin,
    status: 400,
    code: 3000,
  },
  {
    name: 'an organizationId with a backslash',
    method: 'GET',
    path: `${orgPath('ab%5Cc')}/commands`,
    token: admin,
    status: 400,
    code: 3000,
  },
  {
    name: 'an emmDeviceId with a hyphen',
    method: 'GET',
    path: `${orgPath(SEED.organization.id, 'R58-N123')}/commands`,
    token: admin,
    status: 400,
    code: 3000,
  },
  {
    name: 'an emmDeviceId with non-ASCII letters',
    method: 'GET',
    path: `${orgPath(SEED.organization.id, encodeURIComponent('Ñandú'))}/commands`,
    token: admin,
    status: 400,
    code: 3000,
  },
  { name: 'page=0', method: 'GET', path: `${DEVICE_PATH}/commands?page=0`, token: admin, status: 400, code: 3000 },
  { name: 'page=abc', method: 'GET', path: `${DEVICE_PATH}/commands?page=abc`, token: admin, status: 400, code: 3000 },
  ...(['0x2', '1e1', '+1', '1.0', ''] as const).map((page) => ({
    name: `page=${page} (not a base-10 integer)`,
    method: 'GET',
    path: `${DEVICE_PATH}/commands?page=${encodeURIComponent(page)}`,
    token: admin,
    status: 400,
    code: 3000,
    message: 'page: must be a base-10 integer',
  })),
  {
    name: 'page given twice',
    method: 'GET',
    path: `${DEVICE_PATH}/commands?page=1&page=2`,
    token: admin,
    status: 400,
    code: 3000,
    message: 'page: must be given once, not repeated',
  },
  {
    name: 'limit=101',
    method: 'GET',
    path: `${DEVICE_PATH}/commands?limit=101`,
    token: admin,
    status: 400,
    code: 3000,
  },
  {
    name: 'sort by a field commands lack',
    method: 'GET',
    path: `${DEVICE_PATH}/commands?sort=name:asc`,
    token: admin,
    status: 400,
    code: 3000,
  },
  {
    name: 'an unknown organization',
    method: 'GET',
    path: `${orgPath('65a1f0c2e4b0a1b2c3d4e000')}/commands`,
    token: admin,
    status: 404,
    code: 3001,
  },
  {
    name: 'an unknown organization slug',
    method: 'GET',
    path: `${orgPath('no-such-org')}/commands`,
    token: admin,
    status: 404,
    code: 3001,
  },
  {
    name: "another organization's device",
    method: 'GET',
    path: `${other}/commands`,
    token: admin,
    status: 404,
    code: 3001,
  },
  {
    name: "another organization's command",
    method: 'POST',
    path: `${other}/commands/${SEED.otherCommand}/cancel`,
    token: admin,
    status: 404,
    code: 3001,
  },
  {
    name: "our ids with another organization's token",
    method: 'GET',
    path: `${DEVICE_PATH}/commands/${SEED.commands.done}`,
    token: TOKENS.androidOther,
    status: 404,
    code: 3001,
  },
  {
    name: 'an unknown device',
    method: 'GET',
    path: `${orgPath(SEED.organization.id, 'NOSUCHSERIAL')}/commands`,
    token: admin,
    status: 404,
    code: 3001,
  },
  {
    name: 'an unknown command',
    method: 'GET',
    path: `${DEVICE_PATH}/commands/65a1f0c2e4b0a1b2c3d4e000`,
    token: admin,
    status: 404,
    code: 3001,
  },
  {
    name: 'cancel of a DONE command',
    method: 'POST',
    path: `${DEVICE_PATH}/commands/${SEED.commands.done}/cancel`,
    token: admin,
    status: 400,
    code: 5052,
  },
  {
    name: 'cancel of a cancelled command',
    method: 'POST',
    path: `${DEVICE_PATH}/commands/${SEED.commands.cancelled}/cancel`,
    token: admin,
    status: 400,
    code: 5052,
  },
  {
    name: 'create without type',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: { duration: '60s' },
    status: 400,
    code: 3000,
  },
  {
    name: 'create with an unknown type',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: { type: 'WIPE' },
    status: 400,
    code: 3000,
  },
  {
    name: 'create with an unknown property',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: { type: 'LOCK', colour: 'red' },
    status: 400,
    code: 3000,
  },
  {
    name: 'create with a duration in minutes',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: { type: 'LOCK', duration: '10m' },
    status: 400,
    code: 3000,
  },
  {
    name: 'create with a 257-character password',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: { type: 'RESET_PASSWORD', newPassword: 'x'.repeat(257) },
    status: 400,
    code: 3000,
  },
  {
    name: 'create with a body that is an array',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: [],
    status: 400,
    code: 3000,
  },
  {
    name: 'create with malformed JSON',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: '{"type":',
    status: 400,
    code: 3000,
  },
  {
    name: 'create with an empty body',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: '',
    status: 400,
    code: 3000,
  },
  {
    name: 'create as text/plain',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: 'type=LOCK',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 1004,
  },
  {
    name: 'create as a form',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: 'type=LOCK',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 1004,
  },
  {
    name: 'create with a body over 64 KiB',
    method: 'POST',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    body: big,
    status: 413,
    code: 1005,
  },
  {
    name: 'an empty emmDeviceId',
    method: 'GET',
    path: `${orgPath(SEED.organization.id, '')}/commands`,
    token: admin,
    status: 400,
    code: 3000,
  },
  {
    name: 'an unknown route',
    method: 'GET',
    path: `${ANDROID}/organizations/${SEED.organization.id}/nothing-here`,
    token: admin,
    status: 404,
    code: 1002,
  },
  {
    name: 'DELETE on the command list',
    method: 'DELETE',
    path: `${DEVICE_PATH}/commands`,
    token: admin,
    status: 405,
    code: 1003,
    allow: 'GET, HEAD, POST',
  },
  {
    name: 'GET on cancel',
    method: 'GET',
    path: `${DEVICE_PATH}/commands/${SEED.commands.done}/cancel`,
    token: admin,
    status: 405,
    code: 1003,
    allow: 'POST',
  },
  {
    name: 'PUT on a command',
    method: 'PUT',
    path: `${DEVICE_PATH}/commands/${SEED.commands.done}`,
    token: admin,
    body: {},
    status: 405,
    code: 1003,
    allow: 'GET, HEAD',
  },
];

const graph = TOKENS.graphAna;
const graphCases: Case[] = [
  {
    name: 'no token',
    method: 'GET',
    path: `${GRAPH}/me/devices`,
    token: null,
    status: 401,
    code: 'InvalidAuthenticationToken',
  },
  {
    name: 'an unknown token',
    method: 'GET',
    path: `${GRAPH}/me/devices`,
    token: 'not-a-real-token-at-all',
    status: 401,
    code: 'InvalidAuthenticationToken',
  },
  {
    name: 'an Android token',
    method: 'GET',
    path: `${GRAPH}/me/devices`,
    token: TOKENS.androidAdmin,
    status: 401,
    code: 'InvalidAuthenticationToken',
  },
  {
    name: 'send with Device.Read only',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: TOKENS.graphAnaRead,
    body: { type: 'LaunchUri', payload: { uri: 'https://bing.com' } },
    status: 403,
    code: 'accessDenied',
  },
  {
    name: 'get status with Device.Read only',
    method: 'GET',
    path: `${GRAPH_DEVICE_PATH}/commands/${SEED.graphCommands.completed}`,
    token: TOKENS.graphAnaRead,
    status: 403,
    code: 'accessDenied',
  },
  {
    name: 'a device-id with a space',
    method: 'GET',
    path: `${GRAPH}/me/devices/a%20b/commands/${SEED.graphCommands.completed}`,
    token: graph,
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'a command-id that is not hex',
    method: 'GET',
    path: `${GRAPH_DEVICE_PATH}/commands/0158355AD4Z`,
    token: graph,
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'a command-id of 129 digits',
    method: 'GET',
    path: `${GRAPH_DEVICE_PATH}/commands/${'A'.repeat(129)}/responsePayload`,
    token: graph,
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: "another user's device",
    method: 'POST',
    path: `${GRAPH}/me/devices/${SEED.otherGraphDevice}/commands`,
    token: graph,
    body: { type: 'LaunchUri', payload: { uri: 'https://bing.com' } },
    status: 404,
    code: 'itemNotFound',
  },
  {
    name: "our command with another user's token",
    method: 'GET',
    path: `${GRAPH_DEVICE_PATH}/commands/${SEED.graphCommands.completed}`,
    token: TOKENS.graphBob,
    status: 404,
    code: 'itemNotFound',
  },
  {
    name: 'an unknown command',
    method: 'GET',
    path: `${GRAPH_DEVICE_PATH}/commands/ABCDEF`,
    token: graph,
    status: 404,
    code: 'itemNotFound',
  },
  {
    name: 'the payload of a command still requesting',
    method: 'GET',
    path: `${GRAPH_DEVICE_PATH}/commands/${SEED.graphCommands.requesting}/responsePayload`,
    token: graph,
    status: 404,
    code: 'itemNotFound',
  },
  {
    name: 'send with a lower-case type',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: { type: 'launchUri', payload: { uri: 'https://bing.com' } },
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'send without payload',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: { type: 'LaunchUri' },
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'send a payload as a string',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: { type: 'LaunchUri', payload: 'payload-JSON' },
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'send an AppService without appServiceName',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: { type: 'AppService', payload: {}, packageFamilyName: 'P_x' },
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'send with an unknown property',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: { type: 'LaunchUri', payload: { uri: 'https://bing.com' }, postbackURI: 'https://x.test' },
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'send a URI that is not one',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: { type: 'LaunchUri', payload: { uri: 'not a uri' } },
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'send malformed JSON',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: '{bad',
    status: 400,
    code: 'invalidRequest',
  },
  {
    name: 'send as text/plain',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: 'x',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'notSupported',
  },
  {
    name: 'send a body over 64 KiB',
    method: 'POST',
    path: `${GRAPH_DEVICE_PATH}/commands`,
    token: graph,
    body: { type: 'AppService', appServiceName: 'a', packageFamilyName: 'b', payload: { x: 'y'.repeat(70 * 1024) } },
    status: 413,
    code: 'invalidRequest',
  },
  {
    name: 'an unknown route',
    method: 'GET',
    path: `${GRAPH}/me/printers`,
    token: graph,
    status: 404,
    code: 'itemNotFound',
  },
  {
    name: 'PATCH on my devices',
    method: 'PATCH',
    path: `${GRAPH}/me/devices`,
    token: graph,
    body: {},
    status: 405,
    code: 'notAllowed',
    allow: 'GET, HEAD',
  },
  {
    name: 'DELETE on a command',
    method: 'DELETE',
    path: `${GRAPH_DEVICE_PATH}/commands/${SEED.graphCommands.completed}`,
    token: graph,
    status: 405,
    code: 'notAllowed',
    allow: 'GET, HEAD',
  },
];

async function check(c: Case) {
  const res = await h.request(c.method, c.path, {
    token: c.token,
    body: c.body,
    ...(c.headers ? { headers: c.headers } : {}),
  });
  const text = await res.text();
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { status?: boolean; error: { code: number | string; message: string } };
  expect({ status: res.status, code: body.error?.code }).toEqual({ status: c.status, code: c.code });
  expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  // Every answer carries its request id, whichever layer built it (authentication, routing, validation, handler).
  expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  if (c.allow) expect(res.headers.get('allow')).toBe(c.allow);
  if (c.message) expect(body.error.message).toContain(c.message);
  return body;
}

describe('the Android family answers in Applivery’s envelope', () => {
  it.each(androidCases)('$name → $status with code $code', async (c) => {
    const body = await check(c);
    expect(body.status).toBe(false);
  });

  it('gives another organization’s ids exactly the answer unknown ids get', async () => {
    const theirs = await h.request('GET', `${other}/commands`, { token: admin });
    const unknown = await h.request('GET', `${orgPath('65a1f0c2e4b0a1b2c3d4e000', SEED.otherDevice.id)}/commands`, {
      token: admin,
    });
    expect([theirs.status, await theirs.text()]).toEqual([unknown.status, await unknown.text()]);
  });

  it('lists every broken rule of a body in data.issues', async () => {
    const res = await h.request('POST', `${DEVICE_PATH}/commands`, {
      token: admin,
      body: { type: 'NOPE', duration: 'soon', extra: 1 },
    });
    const body = (await res.json()) as { error: { data: { issues: { location: string; path: string }[] } } };
    expect(body.error.data.issues.map((i) => `${i.location} ${i.path}`).sort()).toEqual([
      'body ',
      'body /duration',
      'body /type',
    ]);
  });
});

describe('the Graph family answers in the OData error envelope', () => {
  it.each(graphCases)('$name → $status with code $code', async (c) => {
    const body = (await check(c)) as unknown as { error: { innerError: Record<string, string> } };
    expect(body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes client-request-id in the body and the headers', async () => {
    const res = await h.request('GET', `${GRAPH}/me/devices`, {
      token: null,
      headers: { 'client-request-id': 'trace-42' },
    });
    const body = (await res.json()) as { error: { innerError: Record<string, string> } };
    expect(body.error.innerError['client-request-id']).toBe('trace-42');
    expect(res.headers.get('client-request-id')).toBe('trace-42');
    expect(res.headers.get('request-id')).toBe(body.error.innerError['request-id']);
  });
});

describe('outside both families', () => {
  it('answers an unknown path with a JSON 404', async () => {
    const res = await h.request('GET', '/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'notFound' } });
  });
});
