/**
 * The store conformance suite: one set of behaviours that every Store adapter must show. Run by
 * store.sqlite.test.ts and store.postgres.test.ts.
 */

import { describe, expect, it } from 'vitest';
import { DEMO_TOKENS, TokenRegistry } from '../../src/auth/tokens.ts';
import { createApp } from '../../src/http/app.ts';
import { memoryLogger } from '../../src/http/logger.ts';
import { migrations } from '../../src/store/migrations.ts';
import { SEED, seedData } from '../../src/store/seed.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';
import type { AndroidCommand, GraphCommand, Store } from '../../src/store/types.ts';

let sequence = 0;
const hex24 = () => (0x65b000000000 + ++sequence).toString(16).padStart(24, '0');

function androidCommand(overrides: Partial<AndroidCommand> = {}): AndroidCommand {
  const base = seedData().androidCommands[0] as AndroidCommand;
  return { ...base, id: hex24(), status: 'PENDING', done: false, ...overrides };
}

export function storeConformance(name: string, open: () => Promise<Store>) {
  describe(`the ${name} store`, () => {
    const fresh = async () => {
      const store = await open();
      await store.seed(seedData());
      return store;
    };

    it('records its applied migrations, and migrating again changes nothing', async () => {
      const store = await fresh();
      expect(await store.migrations()).toEqual(migrations.map((m) => m.version));
      await (store as SqlStore).migrate();
      expect(await store.migrations()).toEqual(migrations.map((m) => m.version));
      await store.close();
    });

    it('seeds idempotently and keeps what changed since', async () => {
      const store = await fresh();
      await store.android.cancelCommand(
        SEED.organization.id,
        SEED.device.id,
        SEED.commands.pending,
        '2026-03-01T00:00:00.000Z',
      );
      await store.seed(seedData());
      const page = await store.android.listCommands(SEED.organization.id, SEED.device.id, {
        offset: 0,
        limit: 100,
        sortField: 'createdAt',
        sortDirection: 'desc',
      });
      expect(page.total).toBe(3);
      expect(
        (await store.android.getCommand(SEED.organization.id, SEED.device.id, SEED.commands.pending))?.status,
      ).toBe('CANCEL');
      await store.close();
    });

    it('finds organizations by id (any case) or slug, and devices by id, serial, IMEI or enrollment id', async () => {
      const store = await fresh();
      for (const key of [SEED.organization.id, SEED.organization.id.toUpperCase(), SEED.organization.slug]) {
        expect((await store.android.findOrganization(key))?.id, key).toBe(SEED.organization.id);
      }
      expect(await store.android.findOrganization('nobody')).toBeUndefined();
      for (const key of [SEED.device.id, SEED.device.serialNumber, SEED.device.imei, 'ACME_0001']) {
        expect((await store.android.findDevice(SEED.organization.id, key))?.id, key).toBe(SEED.device.id);
      }
      expect(await store.android.findDevice(SEED.otherOrganization.id, SEED.device.id)).toBeUndefined();
      await store.close();
    });

    it('returns commands as they were stored, and pages and sorts them', async () => {
      const store = await fresh();
      const made = [1, 2, 3].map((i) =>
        androidCommand({
          createdAt: `2026-05-0${i}T00:00:00.000Z`,
          updatedAt: `2026-05-0${4 - i}T00:00:00.000Z`,
          request: { type: 'LOCK', n: i },
        }),
      );
      for (const c of made) await store.android.insertCommand(c);
      expect(await store.android.getCommand(SEED.organization.id, SEED.device.id, made[0]?.id ?? '')).toEqual(made[0]);
      const list = (sortField: 'createdAt' | 'updatedAt', sortDirection: 'asc' | 'desc', offset = 0, limit = 2) =>
        store.android.listCommands(SEED.organization.id, SEED.device.id, { offset, limit, sortField, sortDirection });
      const first = await list('createdAt', 'desc');
      expect(first.total).toBe(6);
      expect(first.items.map((c) => c.id)).toEqual([made[2]?.id, made[1]?.id]);
      expect((await list('updatedAt', 'desc')).items.map((c) => c.id)).toEqual([made[0]?.id, made[1]?.id]);
      expect((await list('createdAt', 'asc', 4, 10)).items.map((c) => c.id)).toEqual([made[1]?.id, made[2]?.id]);
      await store.close();
    });

    it('cancels a PENDING command once, and tells not-pending from not-found', async () => {
      const store = await fresh();
      const c = androidCommand();
      await store.android.insertCommand(c);
      const cancel = (org: string, id: string) =>
        store.android.cancelCommand(org, SEED.device.id, id, '2026-06-01T00:00:00.000Z');
      const first = await cancel(SEED.organization.id, c.id);
      expect(first).toMatchObject({
        outcome: 'cancelled',
        command: { status: 'CANCEL', done: true, updatedAt: '2026-06-01T00:00:00.000Z' },
      });
      expect(await cancel(SEED.organization.id, c.id)).toEqual({ outcome: 'not-pending' });
      expect(await cancel(SEED.organization.id, hex24())).toEqual({ outcome: 'not-found' });
      expect(await cancel(SEED.otherOrganization.id, c.id)).toEqual({ outcome: 'not-found' });
      await store.close();
    });

    it('lets exactly one of 50 concurrent cancels of one command succeed', async () => {
      const store = await fresh();
      const c = androidCommand();
      await store.android.insertCommand(c);
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () =>
          store.android.cancelCommand(SEED.organization.id, SEED.device.id, c.id, new Date().toISOString()),
        ),
      );
      expect(outcomes.filter((o) => o.outcome === 'cancelled')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'not-pending')).toHaveLength(49);
      await store.close();
    });

    it('answers exactly one 200 to 50 concurrent cancel requests, and 5052 to the rest', async () => {
      const store = await fresh();
      const { app, violations } = createApp({
        store,
        tokens: new TokenRegistry(DEMO_TOKENS),
        logger: memoryLogger(),
        responseValidation: 'strict',
      });
      const c = androidCommand();
      await store.android.insertCommand(c);
      const path = `/applivery/v1/organizations/${SEED.organization.id}/mdm/android/enterprise/devices/${SEED.device.id}/commands/${c.id}/cancel`;
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          app.request(path, { method: 'POST', headers: { authorization: 'Bearer demo-android-admin-token' } }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 400)).toHaveLength(49);
      expect(violations).toEqual([]);
      await store.close();
    });

    it('completes only PENDING commands created inside the window', async () => {
      const store = await fresh();
      const old = androidCommand({ createdAt: '2026-01-01T00:00:00.000Z' });
      const due = androidCommand({ createdAt: '2026-07-01T00:00:00.000Z' });
      const young = androidCommand({ createdAt: '2026-07-02T00:00:00.000Z' });
      for (const c of [old, due, young]) await store.android.insertCommand(c);
      expect(
        await store.android.completeDueCommands(
          '2026-06-01T00:00:00.000Z',
          '2026-07-01T12:00:00.000Z',
          '2026-07-01T12:00:00.000Z',
        ),
      ).toBe(1);
      const status = async (id: string) =>
        (await store.android.getCommand(SEED.organization.id, SEED.device.id, id))?.status;
      expect([await status(old.id), await status(due.id), await status(young.id)]).toEqual([
        'PENDING',
        'DONE',
        'PENDING',
      ]);
      await store.close();
    });

    it("keeps each Graph user's devices and commands apart", async () => {
      const store = await fresh();
      expect((await store.graph.listDevices(SEED.graphUser)).map((d) => d.id).sort()).toEqual(
        Object.values(SEED.graphDevices).sort(),
      );
      expect(await store.graph.findDevice(SEED.otherGraphUser, SEED.graphDevices.laptop)).toBeUndefined();
      expect((await store.graph.findDevice(SEED.graphUser, SEED.graphDevices.laptop.toUpperCase()))?.id).toBe(
        SEED.graphDevices.laptop,
      );
      const command = await store.graph.getCommand(
        SEED.graphUser,
        SEED.graphDevices.laptop,
        SEED.graphCommands.completed.toLowerCase(),
      );
      expect(command?.responsePayload).toEqual({ MsIgnoredParameter: 0, CreationDate: '04/27/2017', Type: 'Ok' });
      expect(
        await store.graph.getCommand(SEED.otherGraphUser, SEED.graphDevices.laptop, SEED.graphCommands.completed),
      ).toBeUndefined();
      await store.close();
    });

    it('advances a Graph command by compare-and-set, and lists the commands in flight', async () => {
      const store = await fresh();
      const base = seedData().graphCommands[0] as GraphCommand;
      const c: GraphCommand = {
        ...base,
        id: 'ABCDEF0123',
        createdAt: '2026-08-01T00:00:00.000Z',
        updatedAt: '2026-08-01T00:00:00.000Z',
      };
      await store.graph.insertCommand(c);
      expect(
        (await store.graph.dueCommands('2026-07-01T00:00:00.000Z', '2026-08-01T00:00:01.000Z')).map((x) => x.id),
      ).toEqual([c.id]);
      const next = { status: 'sentToTarget', error: null, responsePayload: null };
      expect(await store.graph.advanceCommand(c.id, 'requesting', next, '2026-08-01T00:00:02.000Z')).toBe(true);
      expect(await store.graph.advanceCommand(c.id, 'requesting', next, '2026-08-01T00:00:03.000Z')).toBe(false);
      const done = { status: 'completed', error: null, responsePayload: { Type: 'Ok' } };
      expect(await store.graph.advanceCommand(c.id, 'sentToTarget', done, '2026-08-01T00:00:04.000Z')).toBe(true);
      expect(await store.graph.getCommand(SEED.graphUser, c.deviceId, c.id)).toMatchObject({
        status: 'completed',
        responsePayload: { Type: 'Ok' },
        updatedAt: '2026-08-01T00:00:04.000Z',
      });
      expect(await store.graph.dueCommands('2026-07-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z')).toEqual([]);
      await store.close();
    });
  });
}
