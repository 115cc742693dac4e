/**
 * `pnpm dev` on a temporary copy of the repository, driven as an API designer drives it: save an
 * edit, call the server, look at the docs page; break a file, fix it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyRepo, run, type Started, startProcess } from '@device-commands/testkit';
import { launchChromium } from '@device-commands/testkit/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TYPE_FILE = 'openapi/components/schemas/android/EmmCommandType.yaml';
const CREATE_FILE =
  'openapi/paths/android/organizations_{organizationId}_mdm_android_enterprise_devices_{emmDeviceId}_commands.yaml';
const CREATE =
  '/applivery/v1/organizations/65a1f0c2e4b0a1b2c3d4e5f6/mdm/android/enterprise/devices/65a1f0c2e4b0a1b2c3d4e601/commands';
const LIST = '/applivery/v1/organizations/acme-robotics/mdm/android/enterprise/devices/R58N123ABCD/commands';
const ADMIN = { authorization: 'Bearer demo-android-admin-token', 'content-type': 'application/json' };

let repo: ReturnType<typeof copyRepo>;
let dev: Started;
let origin: string;
/** Every `state` event the docs page's script would have received. */
const events: { build: number; docsBuild: number; problems: string[] }[] = [];
const stream = new AbortController();

const edit = (file: string, change: (text: string) => string) => {
  const path = join(repo.root, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit changed nothing in ${file}`);
  // As editors with a "safe write" save: a new file renamed over the old one.
  writeFileSync(`${path}.tmp-save`, after);
  run('mv', [`${path}.tmp-save`, path]);
};
const createWipe = () =>
  fetch(`${origin}${CREATE}`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ type: 'WIPE' }) }).then(
    (r) => r.status,
  );
const status = () =>
  fetch(`${origin}/__dev/status`).then(
    (r) => r.json() as Promise<{ build: number; settled: number; problems: string[] }>,
  );
// Generous: under the test command the loop shares two cores with every other package's tests.
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 150_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${ms} ms; last: ${JSON.stringify(value)}\n${dev.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** What a printed curl line answers, as JSON; a failure names the line and what it printed. */
function answerOf(curl: string): { status?: unknown; error?: unknown } {
  const out = run('bash', ['-c', curl], { timeoutMs: 60_000 }).stdout;
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`${curl}\nanswered what is not JSON:\n${out}`);
  }
}
/** Waits for the rebuild after `build` to finish: its critical path (the server serves it). */
const rebuiltAfter = (build: number) => until(status, (s) => s.build > build, 'a rebuild');
/** Waits for the work off the critical path after `build` (client types, docs, type check) to settle. */
const settledAfter = (build: number) =>
  until(status, (s) => s.settled > build && s.settled === s.build, 'the work after a rebuild');

beforeAll(async () => {
  repo = copyRepo('dev-loop-');
  dev = await startProcess(process.execPath, ['packages/dev/src/cli.ts', '--port', '0'], {
    cwd: repo.root,
    env: { ...process.env, NODE_ENV: 'development', AGENT_DELAY_MS: '0', LOG_LEVEL: 'warn' },
    ready: /reference server: (http:\/\/\S+)[\s\S]*Watching /,
    timeoutMs: 110_000,
  });
  origin = dev.match;
  void (async () => {
    const res = await fetch(`${origin}/__dev/events`, { signal: stream.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end));
        if (data?.[1]) events.push(JSON.parse(data[1]));
        buffer = buffer.slice(end + 2);
      }
    }
  })().catch(() => {});
}, 60_000);

afterAll(async () => {
  stream.abort();
  await dev?.stop();
  repo?.remove();
});

describe('pnpm dev', () => {
  it('prints curl commands that work as printed, against its own port', () => {
    const curls = dev
      .output()
      .split('\n')
      .filter((line) => line.trim().startsWith('curl '));
    expect(curls.length).toBeGreaterThanOrEqual(4);
    for (const curl of curls) {
      expect(curl).toContain(origin);
      const body = answerOf(curl.trim());
      // Neither family's error envelope: Applivery's `status: false`, Graph's `error` object.
      expect(body.status).not.toBe(false);
      expect(typeof body.error === 'object' && body.error !== null).toBe(false);
    }
  });

  it("answers the root README's quick-start curl commands as written (on the loop's port)", () => {
    const blocks = [
      ...readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g),
    ];
    const curls = blocks
      .flatMap((b) => (b[1] ?? '').replace(/\\\n\s*/g, '').split('\n'))
      .filter((line) => line.startsWith('curl '));
    expect(curls.length).toBeGreaterThanOrEqual(2);
    for (const curl of curls) {
      expect(curl).toContain('http://localhost:4000/');
      const body = answerOf(curl.replaceAll('http://localhost:4000', origin));
      expect(body.status).not.toBe(false);
      expect(typeof body.error === 'object' && body.error !== null).toBe(false);
    }
  });

  it('serves the docs page with the script that reloads it and shows problems', async () => {
    const page = await fetch(`${origin}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("new EventSource('/__dev/events')");
  });

  it('serves a new enum value after the save, then the client types and the docs have it', async () => {
    expect(await createWipe()).toBe(400);
    const { build } = await status();
    const docsBefore = events.at(-1)?.docsBuild ?? 0;
    edit(TYPE_FILE, (t) => t.replace('  - CLEAR_APP_DATA\n', '  - CLEAR_APP_DATA\n  - WIPE\n'));
    await until(createWipe, (s) => s === 200, 'WIPE accepted');
    await settledAfter(build);
    expect(readFileSync(join(repo.root, 'packages/client/src/generated/types.gen.ts'), 'utf8')).toContain('"WIPE"');
    expect(readFileSync(join(repo.root, 'packages/docs/dist/openapi.json'), 'utf8')).toContain('"WIPE"');
    expect(readFileSync(join(repo.root, 'packages/spec/generated/openapi.yaml'), 'utf8')).toContain('- WIPE');
    expect(events.at(-1)?.docsBuild).toBeGreaterThan(docsBefore);
    expect(dev.output()).toMatch(
      /✓ lint \d+ ms · bundle \d+ ms · routes \d+ ms · restart \d+ ms \(served in \d+ ms\)\n/,
    );
    expect(dev.output()).toMatch(/^ {2}docs reloaded in \d+ ms$/m);
  });

  it('reports a broken edit as file:line:col, on the terminal and to the docs page, and keeps serving', async () => {
    const { build } = await status();
    edit(TYPE_FILE, (t) => t.replace(/^type: string$/m, 'type: strin'));
    await rebuiltAfter(build);
    const { problems } = await status();
    expect(problems[0]).toMatch(/^openapi\/components\/schemas\/android\/EmmCommandType\.yaml:5:7 error struct /);
    expect(dev.output()).toContain(`  ${problems[0]}`);
    expect(dev.output()).toContain('the server still serves the last good contract');
    expect(events.at(-1)?.problems).toEqual(problems);
    expect(await createWipe()).toBe(200);
    expect((await fetch(`${origin}${LIST}`, { headers: ADMIN })).status).toBe(200);
  });

  it('reports a file that is not YAML with its line, and keeps serving', async () => {
    const { build } = await status();
    edit(TYPE_FILE, (t) => t.replace('type: strin', 'type: [string'));
    await rebuiltAfter(build);
    const { problems } = await status();
    expect(problems.join('\n')).toMatch(/EmmCommandType\.yaml:\d+:\d+ error /);
    expect(await createWipe()).toBe(200);
  });

  it('recovers when the file is fixed, without a restart of pnpm dev', async () => {
    const { build } = await status();
    edit(TYPE_FILE, (t) => t.replace('type: [string', 'type: string').replace('  - WIPE\n', ''));
    await until(createWipe, (s) => s === 400, 'WIPE refused again');
    await rebuiltAfter(build);
    expect((await status()).problems).toEqual([]);
    expect(events.at(-1)?.problems).toEqual([]);
  });

  it('reports a handler that no longer type-checks against the new routes, with its file and line', async () => {
    const { build } = await status();
    // The create operation now documents 201 instead of 200; its handler still answers 200.
    edit(CREATE_FILE, (t) => t.replace(/(post:[\s\S]*?responses:\n {4})'200':/, "$1'201':"));
    await settledAfter(build);
    expect(dev.output()).toMatch(/handlers that no longer type-check against the routes/);
    expect(dev.output()).toMatch(/packages\/server\/src\/handlers\/android\.ts:\d+:\d+ error TS\d+/);
    const { build: next } = await status();
    edit(CREATE_FILE, (t) => t.replace(/(post:[\s\S]*?responses:\n {4})'201':/, "$1'200':"));
    await rebuiltAfter(next);
  });

  it('restarts the server on a change to its sources, keeping its data', async () => {
    const created = await fetch(`${origin}${CREATE}`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ type: 'LOCK', duration: '600s' }),
    });
    const { data } = (await created.json()) as { data: { id: string } };
    const { build } = await status();
    edit('packages/server/src/handlers/android.ts', (t) => `${t}\n// saved again\n`);
    await settledAfter(build);
    expect(dev.output()).toMatch(/✓ restart \d+ ms \(served in \d+ ms\)\n( {2}.*\n)* {2}typecheck \d+ ms\n/);
    const again = await fetch(`${origin}${CREATE}/${data.id}`, { headers: ADMIN });
    expect(again.status).toBe(200);
  });

  it('serves a save while the type check of the previous one runs, and cancels that check', async () => {
    const { build } = await status();
    edit('packages/server/src/handlers/android.ts', (t) => `${t}\n// saved once more\n`);
    // The server edit's critical path is done: its type check has just started, off the path.
    await rebuiltAfter(build);
    const mark = dev.output().length;
    edit(TYPE_FILE, (t) => t.replace('  - CLEAR_APP_DATA\n', '  - CLEAR_APP_DATA\n  - WIPE\n'));
    await until(createWipe, (s) => s === 200, 'WIPE accepted');
    await settledAfter(build + 1);
    const after = dev.output().slice(mark);
    // The save was served first (its critical path's line), and one type check ran to its end after
    // it: the newest contract's. The server edit's check, which a save used to wait for, was killed
    // when the save arrived and printed nothing: the save did not wait for it to end.
    const served = after.search(
      /^✓ lint \d+ ms · bundle \d+ ms · routes \d+ ms · restart \d+ ms \(served in \d+ ms\)$/m,
    );
    const checks = [...after.matchAll(/^ {2}typecheck \d+ ms$/gm)].map((m) => m.index);
    expect(served, after).toBeGreaterThanOrEqual(0);
    expect(checks, after).toHaveLength(1);
    expect(checks[0]).toBeGreaterThan(served);
    const { build: next } = await status();
    edit(TYPE_FILE, (t) => t.replace('  - WIPE\n', ''));
    await settledAfter(next);
  });

  it('rebuilds only the docs on a Markdown edit, and the running server serves the new page', async () => {
    // The running server has served the page before the edit (and may hold it in memory).
    expect((await fetch(`${origin}/docs`)).status).toBe(200);
    const { build } = await status();
    const sentence = `Edited while pnpm dev ran (${Date.now()}).`;
    edit('packages/docs/content/overview.md', (t) => `${t}\n${sentence}\n`);
    await settledAfter(build);
    expect(dev.output()).toMatch(/✓ nothing to restart\n {2}docs reloaded in \d+ ms\n/);
    expect(await (await fetch(`${origin}/docs`)).text()).toContain(sentence);
  });

  it('reloads an open docs page after a save, and shows a broken edit over it until it is fixed', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/docs`);
      const wipe = page.getByText('WIPE').first();
      expect(await wipe.count()).toBe(0);

      let build = (await status()).build;
      const reloaded = page.waitForEvent('load', { timeout: 150_000 });
      edit(TYPE_FILE, (t) => t.replace('  - CLEAR_APP_DATA\n', '  - CLEAR_APP_DATA\n  - WIPE\n'));
      await reloaded;
      await rebuiltAfter(build);
      expect(await page.content()).toContain('WIPE');

      build = (await status()).build;
      edit(TYPE_FILE, (t) => t.replace(/^type: string$/m, 'type: strin'));
      const overlay = page.locator('#dev-overlay[role="alert"]');
      await overlay.waitFor({ state: 'visible', timeout: 150_000 });
      expect(await overlay.textContent()).toMatch(/EmmCommandType\.yaml:5:7 error struct/);

      await rebuiltAfter(build);
      build = (await status()).build;
      edit(TYPE_FILE, (t) => t.replace('type: strin', 'type: string'));
      await overlay.waitFor({ state: 'detached', timeout: 150_000 });
      await rebuiltAfter(build);
    } finally {
      await browser.close();
    }
  });
});
