/**
 * Demo data, inserted on first start (and again harmlessly on every start: existing rows are kept),
 * so that every operation can be tried at once. The ids are the ones the spec's examples use.
 */
import type { SeedData } from './types.ts';

export const SEED = {
  organization: { id: '65a1f0c2e4b0a1b2c3d4e5f6', slug: 'acme-robotics' },
  otherOrganization: { id: '65a1f0c2e4b0a1b2c3d4e5aa', slug: 'globex' },
  freeOrganization: { id: '65a1f0c2e4b0a1b2c3d4e5bb', slug: 'initech-free' },
  device: { id: '65a1f0c2e4b0a1b2c3d4e601', serialNumber: 'R58N123ABCD', imei: '356938035643809' },
  /** A second device of the same organization, with one command: isolation inside a tenant. */
  secondDevice: { id: '65a1f0c2e4b0a1b2c3d4e602', command: '65a1f0c2e4b0a1b2c3d4e704' },
  otherDevice: { id: '65a1f0c2e4b0a1b2c3d4e6a1' },
  freeDevice: { id: '65a1f0c2e4b0a1b2c3d4e6b1' },
  commands: {
    pending: '65a1f0c2e4b0a1b2c3d4e701',
    done: '65a1f0c2e4b0a1b2c3d4e702',
    cancelled: '65a1f0c2e4b0a1b2c3d4e703',
  },
  otherCommand: '65a1f0c2e4b0a1b2c3d4e7a1',
  graphUser: 'ana',
  otherGraphUser: 'bob',
  graphDevices: { laptop: '6f9e4a52-5c3b-4d7e-9a1f-2b8c7d6e5f40', phone: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' },
  otherGraphDevice: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  graphCommands: {
    requesting: '0158355AD4D680CC4E2994CC009EFFD7337D1335FCA6ED266',
    completed: '0158355AD4D680CC4E2994CC009EFFD7337D1335FCA6ED267',
    failed: '0158355AD4D680CC4E2994CC009EFFD7337D1335FCA6ED268',
    /** Bob's: another user's command. */
    others: '0158355AD4D680CC4E2994CC009EFFD7337D1335FCA6ED269',
  },
} as const;

const enterprise = 'enterprises/LC04z6vydu';
const user = `${enterprise}/users/109876543210`;
const emmEnterprise = '65a1f0c2e4b0a1b2c3d4e5f7';
const mdmUser = '65a1f0c2e4b0a1b2c3d4e5f8';

function androidCommand(
  id: string,
  status: 'PENDING' | 'DONE' | 'CANCEL',
  type: string,
  createdAt: string,
  updatedAt: string,
) {
  return {
    id,
    organizationId: SEED.organization.id,
    deviceId: SEED.device.id,
    emmEnterprise,
    mdmUser,
    type,
    status,
    request: { type, duration: '600s' },
    userName: user,
    amapiOperation: `${enterprise}/devices/3a1b2c4d5e6f7a8b/operations/${Date.parse(createdAt)}`,
    done: status !== 'PENDING',
    createdAt,
    updatedAt,
  };
}

/** A LaunchUri command's request fields (the seed's and the bulk seeder's Graph commands). */
export const launchUri = {
  type: 'LaunchUri',
  payload: { uri: 'https://bing.com' },
  appServiceName: null,
  packageFamilyName: null,
  postBackUri: null,
  permissionTicket: null,
};

const appService = {
  type: 'AppService',
  appServiceName: 'com.microsoft.randomnumbergenerator',
  packageFamilyName: 'Microsoft.SDKSamples.AppServicesProvider.CS_8wekyb3d8bbwe',
  payload: { Type: 'Toast', Title: 'Hello', Subtitle: 'World' },
  postBackUri: null,
  permissionTicket: null,
};

export function seedData(): SeedData {
  return {
    organizations: [
      {
        id: SEED.organization.id,
        slug: SEED.organization.slug,
        name: 'Acme Robotics',
        plan: 'enterprise',
        emmEnterprise,
        amapiEnterprise: enterprise,
      },
      {
        id: SEED.otherOrganization.id,
        slug: SEED.otherOrganization.slug,
        name: 'Globex',
        plan: 'enterprise',
        emmEnterprise: '65a1f0c2e4b0a1b2c3d4e5a7',
        amapiEnterprise: 'enterprises/LC09globex',
      },
      {
        id: SEED.freeOrganization.id,
        slug: SEED.freeOrganization.slug,
        name: 'Initech (free plan)',
        plan: 'free',
        emmEnterprise: '65a1f0c2e4b0a1b2c3d4e5b7',
        amapiEnterprise: 'enterprises/LC07initech',
      },
    ],
    androidDevices: [
      {
        id: SEED.device.id,
        organizationId: SEED.organization.id,
        serialNumber: SEED.device.serialNumber,
        imei: SEED.device.imei,
        enrollmentSpecificId: 'ACME_0001',
        mdmUser,
        amapiName: `${enterprise}/devices/3a1b2c4d5e6f7a8b`,
      },
      {
        id: SEED.secondDevice.id,
        organizationId: SEED.organization.id,
        serialNumber: 'R58N456EFGH',
        imei: null,
        enrollmentSpecificId: 'ACME_0002',
        mdmUser,
        amapiName: `${enterprise}/devices/4b2c3d5e6f7a8b9c`,
      },
      {
        id: SEED.otherDevice.id,
        organizationId: SEED.otherOrganization.id,
        serialNumber: 'GLOBEX0001',
        imei: null,
        enrollmentSpecificId: null,
        mdmUser: null,
        amapiName: 'enterprises/LC09globex/devices/0001',
      },
      {
        id: SEED.freeDevice.id,
        organizationId: SEED.freeOrganization.id,
        serialNumber: 'INITECH0001',
        imei: null,
        enrollmentSpecificId: null,
        mdmUser: null,
        amapiName: 'enterprises/LC07initech/devices/0001',
      },
    ],
    androidCommands: [
      androidCommand(SEED.commands.pending, 'PENDING', 'LOCK', '2026-02-10T12:00:00.000Z', '2026-02-10T12:00:00.000Z'),
      androidCommand(SEED.commands.done, 'DONE', 'LOCK', '2026-02-10T11:00:00.000Z', '2026-02-10T11:00:05.000Z'),
      androidCommand(
        SEED.commands.cancelled,
        'CANCEL',
        'REBOOT',
        '2026-02-10T10:00:00.000Z',
        '2026-02-10T10:30:00.000Z',
      ),
      {
        ...androidCommand(
          SEED.secondDevice.command,
          'DONE',
          'REBOOT',
          '2026-02-10T09:30:00.000Z',
          '2026-02-10T09:30:04.000Z',
        ),
        deviceId: SEED.secondDevice.id,
      },
      {
        ...androidCommand(SEED.otherCommand, 'PENDING', 'LOCK', '2026-02-10T09:00:00.000Z', '2026-02-10T09:00:00.000Z'),
        organizationId: SEED.otherOrganization.id,
        deviceId: SEED.otherDevice.id,
      },
    ],
    graphDevices: [
      {
        id: SEED.graphDevices.laptop,
        userId: SEED.graphUser,
        name: "Ana's laptop",
        status: 'online',
        platform: 'Windows',
        kind: 'Desktop',
        model: 'Surface Laptop 5',
        manufacturer: 'Microsoft Corporation',
      },
      {
        id: SEED.graphDevices.phone,
        userId: SEED.graphUser,
        name: "Ana's phone",
        status: 'offline',
        platform: 'Android',
        kind: 'Phone',
        model: 'Pixel 8',
        manufacturer: 'Google',
      },
      {
        id: SEED.otherGraphDevice,
        userId: SEED.otherGraphUser,
        name: "Bob's tablet",
        status: 'online',
        platform: 'Windows',
        kind: 'Tablet',
        model: 'Surface Pro 9',
        manufacturer: 'Microsoft Corporation',
      },
    ],
    graphCommands: [
      {
        id: SEED.graphCommands.requesting,
        userId: SEED.graphUser,
        deviceId: SEED.graphDevices.laptop,
        status: 'requesting',
        ...launchUri,
        error: null,
        responsePayload: null,
        createdAt: '2026-02-10T12:00:00.000Z',
        updatedAt: '2026-02-10T12:00:00.000Z',
      },
      {
        id: SEED.graphCommands.completed,
        userId: SEED.graphUser,
        deviceId: SEED.graphDevices.laptop,
        status: 'completed',
        ...appService,
        error: null,
        responsePayload: { MsIgnoredParameter: 0, CreationDate: '04/27/2017', Type: 'Ok' },
        createdAt: '2026-02-10T11:00:00.000Z',
        updatedAt: '2026-02-10T11:00:09.000Z',
      },
      {
        id: SEED.graphCommands.failed,
        userId: SEED.graphUser,
        deviceId: SEED.graphDevices.phone,
        status: 'executionFailed',
        ...appService,
        error: 'The app service closed the connection.',
        responsePayload: null,
        createdAt: '2026-02-10T10:00:00.000Z',
        updatedAt: '2026-02-10T10:00:07.000Z',
      },
      {
        id: SEED.graphCommands.others,
        userId: SEED.otherGraphUser,
        deviceId: SEED.otherGraphDevice,
        status: 'completed',
        ...launchUri,
        error: null,
        responsePayload: null,
        createdAt: '2026-02-10T09:00:00.000Z',
        updatedAt: '2026-02-10T09:00:03.000Z',
      },
    ],
  };
}
