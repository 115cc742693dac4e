/**
 * The port's own demo data and tokens, and the contract suite configuration that names them
 * (`contract.port.yaml` is written from this at start, so the two cannot drift).
 */
import { randomBytes } from 'node:crypto';
import { families, routes } from './contract.ts';

import { newGraphCommandId, type Store } from './store.ts';

/** Where the port serves a family (its upstream base path): what the suite's configuration names. */
const basePath = (family: string) => families.find((f) => f.id === family)?.basePath ?? '';

const token = (role: string) => `port-${role}-${randomBytes(6).toString('hex')}`;

export function seed(store: Store) {
  const allAndroid = [...new Set(routes.filter((r) => r.family === 'android').flatMap((r) => r.needs))];
  const readAndroid = [
    ...new Set(routes.filter((r) => r.family === 'android' && r.method === 'GET').flatMap((r) => r.needs)),
  ];
  const graphScopes = [...new Set(routes.filter((r) => r.family === 'graph').flatMap((r) => r.needs))];
  // A read-only Graph token holds the scopes of the GET operations that no POST needs as well.
  const graphWrite = new Set(routes.filter((r) => r.family === 'graph' && r.method !== 'GET').flatMap((r) => r.needs));
  const graphRead = [
    ...new Set(routes.filter((r) => r.family === 'graph' && r.method === 'GET').flatMap((r) => r.needs)),
  ].filter((s) => !graphWrite.has(s));

  const acme = store.addOrganization('port-acme', true, ['PORTDEVICE01', 'PORTDEVICE02']);
  const umbrella = store.addOrganization('port-umbrella', true, ['UMBRELLA_01']);
  const thrifty = store.addOrganization('port-thrifty', false, ['THRIFTY_01']);
  const pending = store.addAndroidCommand(acme, 'PORTDEVICE01', 'LOCK', {}, 'PENDING');
  const done = store.addAndroidCommand(acme, 'PORTDEVICE01', 'REBOOT', {}, 'DONE');
  const cancelled = store.addAndroidCommand(acme, 'PORTDEVICE01', 'LOCK', {}, 'CANCEL');
  const second = store.addAndroidCommand(acme, 'PORTDEVICE02', 'LOCK', {}, 'PENDING');
  const foreign = store.addAndroidCommand(umbrella, 'UMBRELLA_01', 'LOCK', {}, 'PENDING');
  const thriftyCommand = store.addAndroidCommand(thrifty, 'THRIFTY_01', 'LOCK', {}, 'DONE');

  const tokens = {
    android: {
      full: token('android-owner'),
      readOnly: token('android-auditor'),
      noGrants: token('android-nobody'),
      otherTenant: token('android-umbrella'),
      noFeature: token('android-thrifty'),
    },
    graph: {
      full: token('graph-carol'),
      readOnly: token('graph-carol-reader'),
      noGrants: token('graph-carol-nothing'),
      otherTenant: token('graph-dave'),
    },
  };
  store.tokens.set(tokens.android.full, { family: 'android', tenant: acme.id, grants: allAndroid });
  store.tokens.set(tokens.android.readOnly, { family: 'android', tenant: acme.id, grants: readAndroid });
  store.tokens.set(tokens.android.noGrants, { family: 'android', tenant: acme.id, grants: [] });
  store.tokens.set(tokens.android.otherTenant, { family: 'android', tenant: umbrella.id, grants: allAndroid });
  store.tokens.set(tokens.android.noFeature, { family: 'android', tenant: thrifty.id, grants: allAndroid });
  store.tokens.set(tokens.graph.full, { family: 'graph', tenant: 'carol', grants: graphScopes });
  store.tokens.set(tokens.graph.readOnly, { family: 'graph', tenant: 'carol', grants: graphRead });
  store.tokens.set(tokens.graph.noGrants, { family: 'graph', tenant: 'carol', grants: [] });
  store.tokens.set(tokens.graph.otherTenant, { family: 'graph', tenant: 'dave', grants: graphScopes });

  const laptop = store.addGraphDevice('carol', 'Carol’s laptop');
  const phone = store.addGraphDevice('carol', 'Carol’s phone');
  const daves = store.addGraphDevice('dave', 'Dave’s tablet');
  const device = store.graphDevices.get(laptop);
  const completed = {
    id: newGraphCommandId(),
    device: laptop,
    status: 'completed',
    type: 'AppService',
    payload: { Type: 'Toast', Title: 'Hello' },
    appServiceName: 'com.contoso.notes.service',
    packageFamilyName: 'Contoso.Notes_8wekyb3d8bbwe',
    postBackUri: null,
    response: { Result: 'shown' },
  };
  const requesting = {
    id: newGraphCommandId(),
    device: laptop,
    status: 'requesting',
    type: 'LaunchUri',
    payload: { uri: 'https://contoso.example/welcome' },
    appServiceName: null,
    packageFamilyName: null,
    postBackUri: null,
  };
  device?.commands.set(completed.id, completed);
  device?.commands.set(requesting.id, requesting);
  const phoneCommand = { ...completed, id: newGraphCommandId(), device: phone };
  store.graphDevices.get(phone)?.commands.set(phoneCommand.id, phoneCommand);
  const davesCommand = { ...requesting, id: newGraphCommandId(), device: daves };
  store.graphDevices.get(daves)?.commands.set(davesCommand.id, davesCommand);

  const config = {
    families: {
      android: {
        baseUrl: basePath('android'),
        tokens: tokens.android,
        ids: {
          path: { organizationId: acme.id, emmDeviceId: 'PORTDEVICE01', emmCommandId: done.id },
          commands: { pending: pending.id, done: done.id, cancelled: cancelled.id },
          sameTenant: { emmDeviceId: 'PORTDEVICE02', emmCommandId: second.id },
          otherTenant: { organizationId: umbrella.id, emmDeviceId: 'UMBRELLA_01', emmCommandId: foreign.id },
          noFeature: { organizationId: thrifty.id, emmDeviceId: 'THRIFTY_01', emmCommandId: thriftyCommand.id },
        },
        agent: { completesWithinMs: 2000 },
      },
      graph: {
        baseUrl: basePath('graph'),
        tokens: tokens.graph,
        ids: {
          path: { 'device-id': laptop, 'command-id': completed.id },
          commands: { completed: completed.id, requesting: requesting.id },
          sameTenant: { 'device-id': phone, 'command-id': phoneCommand.id },
          otherTenant: { 'device-id': daves, 'command-id': davesCommand.id },
        },
        agent: { completesWithinMs: 2000 },
      },
    },
  };
  return config;
}
