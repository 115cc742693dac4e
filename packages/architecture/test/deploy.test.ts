/**
 * The server deploys on its own: `pnpm deploy --prod` of @device-commands/server yields a folder with
 * only its runtime dependencies (workspace packages shipped as JavaScript), which starts with `node`
 * and answers requests of every declared family.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { familiesOf, loadSpec } from '@device-commands/spec';
import { run, type Started, startProcess } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'server-deploy-'));
const target = join(work, 'server');
let server: Started;

beforeAll(async () => {
  run('pnpm', ['--filter', '@device-commands/server', 'deploy', '--prod', '--legacy', target], {
    cwd: root,
    env: { ...process.env, CI: 'true' },
  });
  server = await startProcess(process.execPath, ['dist/main.js'], {
    cwd: target,
    env: { ...process.env, PORT: '0', DATA_DIR: join(work, 'data'), AGENT_DELAY_MS: '0', NODE_ENV: 'production' },
    ready: /reference server: (http:\/\/\S+)/,
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the deployed server', () => {
  it.each(['@device-commands/spec', 'hono', 'zod', 'pg', 'ajv'])('ships its runtime dependency %s', (name) => {
    expect(existsSync(join(target, 'node_modules', name, 'package.json'))).toBe(true);
  });

  it.each(['@device-commands/codegen', '@device-commands/testkit', 'vitest', 'typescript', '@redocly/cli'])(
    'leaves out the build and test tool %s',
    (name) => {
      expect(existsSync(join(target, 'node_modules', name))).toBe(false);
    },
  );

  it('loads the spec package as JavaScript, not TypeScript from node_modules', () => {
    expect(existsSync(join(target, 'node_modules', '@device-commands/spec', 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(target, 'node_modules', '@device-commands/spec', 'src'))).toBe(false);
  });

  it.each(familiesOf(loadSpec()).map((f) => [f.id, f.basePath] as const))(
    'answers the %s family under %s in its own envelope',
    async (_id, basePath) => {
      const res = await fetch(`${server.match}${basePath}/no-such-route`, {
        headers: { authorization: 'Bearer nope-nope-nope-nope' },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    },
  );

  it('serves a real request with a demo token', async () => {
    const graph = familiesOf(loadSpec()).find((f) => f.id === 'graph');
    const res = await fetch(`${server.match}${graph?.basePath}/me/devices`, {
      headers: { authorization: 'Bearer demo-graph-ana-token-0001' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: unknown[] }).value.length).toBeGreaterThan(0);
  });
});
