/** Check 7: stateful flows, through the proxies, against the real server and its device agent. */
import { describe, expect, it } from 'vitest';
import { type Context, errorCode, SEED, TOKENS } from '../support/context.ts';

const DEVICE = `/organizations/${SEED.organization.slug}/mdm/android/enterprise/devices/${SEED.device.serialNumber}/commands`;
type Json = { status?: unknown; data?: { id?: string; status?: string; items?: { id: string }[] } };

export function flowChecks(ctx: Context) {
  describe('7. stateful flows', () => {
    it('Android: create → get → list → cancel → cancel again (400 5052) → get shows CANCEL', async () => {
      const send = (method: string, path: string, body?: unknown) =>
        ctx.oracle.send('android', {
          method,
          path,
          token: TOKENS.androidAdmin,
          ...(body === undefined ? {} : { body }),
        });
      const created = await send('POST', DEVICE, {
        type: 'START_LOST_MODE',
        startLostModeParams: { lostMessage: { defaultMessage: 'Call me' } },
      });
      expect(created.status).toBe(200);
      const id = (created.body as Json).data?.id ?? '';
      expect(((await send('GET', `${DEVICE}/${id}`)).body as Json).data?.status).toBe('PENDING');
      const list = (await send('GET', `${DEVICE}?limit=100&sort=createdAt:desc`)).body as Json;
      expect(list.data?.items?.map((c) => c.id)).toContain(id);
      const cancelled = await send('POST', `${DEVICE}/${id}/cancel`);
      expect([cancelled.status, (cancelled.body as Json).data?.status]).toEqual([200, 'CANCEL']);
      const again = await send('POST', `${DEVICE}/${id}/cancel`);
      expect([again.status, errorCode(again.body)]).toEqual([400, 5052]);
      expect(((await send('GET', `${DEVICE}/${id}`)).body as Json).data?.status).toBe('CANCEL');
    });

    it('Android: the device agent applies a pending command (DONE), which then cannot be cancelled', async () => {
      const created = await ctx.oracle.send('android', {
        method: 'POST',
        path: DEVICE,
        token: TOKENS.androidAdmin,
        body: { type: 'REBOOT' },
      });
      const id = (created.body as Json).data?.id ?? '';
      let status = 'PENDING';
      for (let i = 0; i < 600 && status === 'PENDING'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status =
          ((await ctx.oracle.send('android', { path: `${DEVICE}/${id}`, token: TOKENS.androidAdmin })).body as Json)
            .data?.status ?? '';
      }
      expect(status).toBe('DONE');
      const cancel = await ctx.oracle.send('android', {
        method: 'POST',
        path: `${DEVICE}/${id}/cancel`,
        token: TOKENS.androidAdmin,
      });
      expect(errorCode(cancel.body)).toBe(5052);
    });

    it('Android: an organization whose plan lacks MDM gets 400 5050 on every operation', async () => {
      const path = `/organizations/${SEED.freeOrganization.id}/mdm/android/enterprise/devices/${SEED.freeDevice.id}/commands`;
      for (const [method, p, body] of [
        ['GET', path, undefined],
        ['POST', path, { type: 'LOCK' }],
        ['GET', `${path}/${SEED.commands.done}`, undefined],
        ['POST', `${path}/${SEED.commands.done}/cancel`, undefined],
      ] as const) {
        const res = await ctx.oracle.send('android', {
          method,
          path: p,
          token: TOKENS.androidFree,
          ...(body ? { body } : {}),
        });
        expect([res.status, errorCode(res.body)]).toEqual([400, 5050]);
      }
    });

    it('Graph: send → poll until completed → response payload', async () => {
      const device = `/me/devices/${SEED.graphDevices.laptop}/commands`;
      const sent = await ctx.oracle.send('graph', {
        method: 'POST',
        path: device,
        token: TOKENS.graphAna,
        body: {
          type: 'AppService',
          appServiceName: 'com.example.echo',
          packageFamilyName: 'Example.Echo_8wekyb3d8bbwe',
          payload: { ping: 1 },
        },
      });
      expect(sent.status).toBe(201);
      const id = (sent.body as { id: string }).id;
      expect(
        (await ctx.oracle.send('graph', { path: `${device}/${id}/responsePayload`, token: TOKENS.graphAna })).status,
      ).toBe(404);
      const seen = new Set<string>();
      let status = 'requesting';
      for (let i = 0; i < 300 && status !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 25));
        status = (
          (await ctx.oracle.send('graph', { path: `${device}/${id}`, token: TOKENS.graphAna })).body as {
            status: string;
          }
        ).status;
        seen.add(status);
      }
      expect(status).toBe('completed');
      expect([...seen].every((s) => ['requesting', 'sentToTarget', 'executing', 'completed'].includes(s))).toBe(true);
      const payload = await ctx.oracle.send('graph', {
        path: `${device}/${id}/responsePayload`,
        token: TOKENS.graphAna,
      });
      expect([payload.status, (payload.body as { Type?: string }).Type]).toEqual([200, 'Ok']);
    });

    it('Graph: my devices are an OData collection of mine only', async () => {
      const res = await ctx.oracle.send('graph', { path: '/me/devices', token: TOKENS.graphBob });
      expect((res.body as { value: { id: string }[] }).value.map((d) => d.id)).toEqual([SEED.otherGraphDevice]);
    });
  });
}
