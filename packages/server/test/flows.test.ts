/** The reference implementation behaves like the real services: state, pagination, the device agent. */
import { describe, expect, it } from 'vitest';
import { DEVICE_PATH, GRAPH, GRAPH_DEVICE_PATH, harness, SEED, TOKENS } from './support/harness.ts';

const h = await harness({ agentDelayMs: 1000 });
const admin = { token: TOKENS.androidAdmin };
const ana = { token: TOKENS.graphAna };

// biome-ignore lint/suspicious/noExplicitAny: assertions walk response JSON freely; the contract itself is checked by response validation
type Json = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Json;

describe('Android commands', () => {
  it('go create → get → list → cancel → cancel again (5052) → get shows CANCEL', async () => {
    const created = await h.request('POST', `${DEVICE_PATH}/commands`, {
      ...admin,
      body: { type: 'REBOOT', duration: '30s' },
    });
    expect(created.status).toBe(200);
    const command = (await json(created)).data;
    expect(command).toMatchObject({
      status: 'PENDING',
      organization: SEED.organization.id,
      config: { metadata: { type: 'REBOOT', duration: '30s' }, done: false },
    });
    expect(command.id).toMatch(/^[a-f0-9]{24}$/);

    expect((await json(await h.request('GET', `${DEVICE_PATH}/commands/${command.id}`, admin))).data).toEqual(command);
    const list = (await json(await h.request('GET', `${DEVICE_PATH}/commands`, admin))).data;
    expect(list.items[0].id).toBe(command.id);

    const cancelled = await h.request('POST', `${DEVICE_PATH}/commands/${command.id}/cancel`, admin);
    expect(cancelled.status).toBe(200);
    expect((await json(cancelled)).data).toMatchObject({ id: command.id, status: 'CANCEL', config: { done: true } });

    const again = await h.request('POST', `${DEVICE_PATH}/commands/${command.id}/cancel`, admin);
    expect([again.status, (await json(again)).error.code]).toEqual([400, 5052]);
    expect((await json(await h.request('GET', `${DEVICE_PATH}/commands/${command.id}`, admin))).data.status).toBe(
      'CANCEL',
    );
  });

  it('are found by device id, serial number, IMEI or enrollment id, and by organization id or slug', async () => {
    const keys = [
      SEED.device.id,
      SEED.device.serialNumber,
      SEED.device.imei,
      'ACME_0001',
      SEED.device.id.toUpperCase(),
    ];
    for (const org of [SEED.organization.id, SEED.organization.slug]) {
      for (const key of keys) {
        const res = await h.request(
          'GET',
          `/applivery/v1/organizations/${org}/mdm/android/enterprise/devices/${key}/commands/${SEED.commands.done}`,
          admin,
        );
        expect(res.status, `${org} ${key}`).toBe(200);
      }
    }
  });

  it('page through the list with page, limit and sort, and say where they are', async () => {
    for (let i = 0; i < 4; i++) {
      h.clock.advance(1000);
      await h.request('POST', `${DEVICE_PATH}/commands`, { ...admin, body: { type: 'LOCK' } });
    }
    const first = (await json(await h.request('GET', `${DEVICE_PATH}/commands?limit=3`, admin))).data;
    expect(first).toMatchObject({
      limit: 3,
      page: 1,
      hasPrevPage: false,
      hasNextPage: true,
      prevPage: null,
      nextPage: 2,
      pagingCounter: 1,
    });
    const total = first.totalDocs as number;
    expect(first.totalPages).toBe(Math.ceil(total / 3));
    const all: Json[] = [];
    for (let page = 1; page <= first.totalPages; page++) {
      const data = (await json(await h.request('GET', `${DEVICE_PATH}/commands?limit=3&page=${page}`, admin))).data;
      all.push(...data.items);
    }
    expect(all).toHaveLength(total);
    expect(new Set(all.map((c) => c.id)).size).toBe(total);
    const created = all.map((c) => c.createdAt as string);
    expect(created).toEqual([...created].sort().reverse());

    const asc = (await json(await h.request('GET', `${DEVICE_PATH}/commands?limit=100&sort=createdAt:asc`, admin))).data
      .items as Json[];
    expect(asc.map((c) => c.id)).toEqual([...all].reverse().map((c) => c.id));
    const past = (await json(await h.request('GET', `${DEVICE_PATH}/commands?page=99`, admin))).data;
    expect(past).toMatchObject({ items: [], page: 99, hasNextPage: false, nextPage: null });
  });

  it('are applied (DONE) by the device agent once the delay has passed, and not before', async () => {
    const { data } = await json(
      await h.request('POST', `${DEVICE_PATH}/commands`, { ...admin, body: { type: 'LOCK' } }),
    );
    h.clock.advance(500);
    await h.agent.runOnce();
    expect((await json(await h.request('GET', `${DEVICE_PATH}/commands/${data.id}`, admin))).data.status).toBe(
      'PENDING',
    );
    h.clock.advance(600);
    await h.agent.runOnce();
    const done = (await json(await h.request('GET', `${DEVICE_PATH}/commands/${data.id}`, admin))).data;
    expect(done).toMatchObject({ status: 'DONE', config: { done: true } });
    const cancel = await h.request('POST', `${DEVICE_PATH}/commands/${data.id}/cancel`, admin);
    expect((await json(cancel)).error.code).toBe(5052);
  });

  it('keep the seeded PENDING command pending, so that readers can cancel it', async () => {
    h.clock.advance(60_000);
    await h.agent.runOnce();
    expect(
      (await json(await h.request('GET', `${DEVICE_PATH}/commands/${SEED.commands.pending}`, admin))).data.status,
    ).toBe('PENDING');
  });
});

describe('Graph commands', () => {
  it('go send → requesting → sentToTarget → executing → completed, then have a response payload', async () => {
    const sent = await h.request('POST', `${GRAPH_DEVICE_PATH}/commands`, {
      ...ana,
      body: {
        type: 'AppService',
        appServiceName: 'com.example.echo',
        packageFamilyName: 'Example.Echo_8wekyb3d8bbwe',
        payload: { ping: 1 },
      },
    });
    expect(sent.status).toBe(201);
    const command = await json(sent);
    expect(command).toMatchObject({
      status: 'requesting',
      type: 'AppService',
      appServiceName: 'com.example.echo',
      payload: { ping: 1 },
    });
    const url = `${GRAPH_DEVICE_PATH}/commands/${command.id}`;
    expect((await h.request('GET', `${url}/responsePayload`, ana)).status).toBe(404);

    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      await h.agent.runOnce();
      seen.push((await json(await h.request('GET', url, ana))).status);
    }
    expect(seen).toEqual(['sentToTarget', 'executing', 'completed', 'completed', 'completed']);
    const payload = await h.request('GET', `${url}/responsePayload`, ana);
    expect(payload.status).toBe(200);
    expect(await json(payload)).toMatchObject({ Type: 'Ok' });
  });

  it('drop a command sent to an offline device (commandDropped)', async () => {
    const sent = await json(
      await h.request('POST', `${GRAPH}/me/devices/${SEED.graphDevices.phone}/commands`, {
        ...ana,
        body: { type: 'LaunchUri', payload: { uri: 'https://bing.com' } },
      }),
    );
    h.clock.advance(1000);
    await h.agent.runOnce();
    const status = await json(
      await h.request('GET', `${GRAPH}/me/devices/${SEED.graphDevices.phone}/commands/${sent.id}`, ana),
    );
    expect(status).toMatchObject({ status: 'commandDropped', error: expect.any(String) });
  });

  it('end in the failure status an AppService payload asks for', async () => {
    const sent = await json(
      await h.request('POST', `${GRAPH_DEVICE_PATH}/commands`, {
        ...ana,
        body: {
          type: 'AppService',
          appServiceName: 'a',
          packageFamilyName: 'b',
          payload: { simulate: 'executionFailed' },
        },
      }),
    );
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1000);
      await h.agent.runOnce();
    }
    expect((await json(await h.request('GET', `${GRAPH_DEVICE_PATH}/commands/${sent.id}`, ana))).status).toBe(
      'executionFailed',
    );
    expect((await h.request('GET', `${GRAPH_DEVICE_PATH}/commands/${sent.id}/responsePayload`, ana)).status).toBe(404);
  });

  it("list only the signed-in user's devices, as an OData collection", async () => {
    const list = await json(await h.request('GET', `${GRAPH}/me/devices`, ana));
    expect(list['@odata.context']).toMatch(/\/graph\/beta\/\$metadata#devices$/);
    expect(list.value.map((d: Json) => d.id).sort()).toEqual(
      [SEED.graphDevices.laptop, SEED.graphDevices.phone].sort(),
    );
    const bob = await json(await h.request('GET', `${GRAPH}/me/devices`, { token: TOKENS.graphBob }));
    expect(bob.value.map((d: Json) => d.id)).toEqual([SEED.otherGraphDevice]);
  });

  it('serve the seeded completed command and its payload', async () => {
    const res = await h.request(
      'GET',
      `${GRAPH_DEVICE_PATH}/commands/${SEED.graphCommands.completed}/responsePayload`,
      ana,
    );
    expect(await json(res)).toEqual({ MsIgnoredParameter: 0, CreationDate: '04/27/2017', Type: 'Ok' });
  });
});

describe('the server itself', () => {
  it('serves the contract it implements', async () => {
    const res = await h.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect((await json(res)).info.title).toBe('Device commands');
    expect((await h.request('GET', '/openapi.yaml')).headers.get('content-type')).toBe('application/yaml');
  });

  it('answers HEAD on a GET operation without a body', async () => {
    const res = await h.request('HEAD', `${DEVICE_PATH}/commands`, admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
