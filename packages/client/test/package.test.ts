/**
 * Consumers get working types: the `pnpm pack` tarball is installed into a throw-away project outside
 * the workspace; a consumer and every TypeScript block of the README are type-checked there under the
 * strictest settings and three module resolutions, and run against the reference server.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, startProcess, ToolError, tryRun } from '@device-commands/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'device-commands-consumer-'));
const require = createRequire(import.meta.url);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const consumer = `
import { ApiError, createAndroidClient, createGraphClient } from '@device-commands/client';

declare const process: { argv: string[] };
const base = process.argv[2];
const android = createAndroidClient({ baseUrl: \`\${base}/applivery/v1\`, token: 'demo-android-admin-token' });
const path = { organizationId: 'acme-robotics', emmDeviceId: 'R58N123ABCD' };
const list = await android.GET('/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands', { params: { path } });
if (list.status !== 200) throw new Error('list failed');
const first: string = list.data.data.items[0]?.id ?? '';

const missing = await android.GET('/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands/{emmCommandId}', {
  params: { path: { ...path, emmCommandId: '65a1f0c2e4b0a1b2c3d4e000' } },
});
const code: 3001 | undefined = missing.status === 404 ? missing.error.error.code : undefined;

const graph = createGraphClient({ baseUrl: \`\${base}/graph/beta\`, token: 'nope-not-a-token', throwOnError: true });
const failure = await graph.GET('/me/devices').catch((e: unknown) => e);
const status = failure instanceof ApiError ? failure.status : 0;
console.log(JSON.stringify({ first, code, status }));
`;

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

/** What each README block prints, run against the reference server (matched by a word in the block). */
const EXPECTED: [RegExp, RegExp][] = [
  [
    /createAndroidClient\(\{ baseUrl: process\.env\.APPLIVERY_BASE_URL, token: process\.env\.APPLIVERY_TOKEN \}\);\n\nconst device/,
    /PENDING\nCANCEL/,
  ],
  [/createGraphClient/, /^requesting$/m],
  [/listAndroidDeviceCommands/, /^(200|400)$/m],
  [/createFamilyClient/, /^graph https:\/\/graph\.microsoft\.com\/beta$/m],
  [/isApiError/, /^404 3001 Entity not found$/m],
  [/AbortController/, /^AbortError$/m],
  [/Middleware/, /^200 \S+$/m],
  [/createValidator/, /^200$/m],
];

const RESOLUTIONS = [
  { name: 'nodenext', module: 'nodenext', moduleResolution: 'nodenext' },
  { name: 'node16', module: 'node16', moduleResolution: 'node16' },
  { name: 'bundler', module: 'esnext', moduleResolution: 'bundler' },
];

describe('the published package', () => {
  it('installs from its tarball; the consumer and every README block type-check strictly under node16, nodenext and bundler, and run', async () => {
    expect(blocks.length).toBe(EXPECTED.length);
    run('pnpm', ['pack', '--pack-destination', work], { cwd: packageDir, timeoutMs: 60_000 });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(project, 'main.ts'), consumer);
    for (const [i, block] of blocks.entries()) writeFileSync(join(project, `readme-${i + 1}.ts`), block);
    // A mistake in a consumer does not compile: a path the contract does not have is a type error, which
    // the expect-error directive requires (tsc fails on an unused one), under every resolution below, in the same runs.
    writeFileSync(
      join(project, 'wrong.ts'),
      `import { createAndroidClient } from '@device-commands/client';\n// @ts-expect-error: no such path in the contract\nawait createAndroidClient().GET('/nope');\nexport {};\n`,
    );
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        join(work, tarball ?? ''),
        `@types/node@${require('@types/node/package.json').version}`,
        `ajv@${require('ajv/package.json').version}`,
        `ajv-formats@${require('ajv-formats/package.json').version}`,
      ],
      { cwd: project, timeoutMs: 180_000 },
    );

    const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    const typecheck = (config: string) =>
      tryRun(process.execPath, [tsc, '-p', config], { cwd: project, timeoutMs: 240_000 });
    for (const r of RESOLUTIONS) {
      const config = join(project, `tsconfig.${r.name}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: {
            target: 'es2022',
            module: r.module,
            moduleResolution: r.moduleResolution,
            strict: true,
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            noEmit: true,
            skipLibCheck: false,
            lib: ['es2022', 'dom'],
            types: ['node'],
          },
          include: ['*.ts'],
        }),
      );
      const checked = typecheck(config);
      if (checked.status !== 0)
        throw new ToolError(`the consumer's type check under ${r.name} (tsc -p ${config})`, checked);
    }
    const server = await startProcess(
      process.execPath,
      [fileURLToPath(new URL('../../server/src/main.ts', import.meta.url))],
      {
        env: { ...process.env, PORT: '0', SQLITE_FILE: ':memory:', AGENT_DELAY_MS: '0', LOG_LEVEL: 'warn' },
        ready: /reference server: (http:\/\/\S+)/,
      },
    );
    try {
      const base = server.match;
      const runFile = (file: string, args: string[] = []) =>
        run(process.execPath, ['--experimental-strip-types', '--no-warnings', join(project, file), ...args], {
          cwd: project,
          timeoutMs: 60_000,
          env: {
            ...process.env,
            APPLIVERY_BASE_URL: `${base}/applivery/v1`,
            APPLIVERY_TOKEN: 'demo-android-admin-token',
            GRAPH_BASE_URL: `${base}/graph/beta`,
            GRAPH_TOKEN: 'demo-graph-ana-token-0001',
          },
        }).stdout;
      const output = runFile('main.ts', [base]);
      expect(JSON.parse(output.trim().split('\n').pop() ?? '{}')).toEqual({
        first: expect.stringMatching(/^[0-9a-f]{24}$/),
        code: 3001,
        status: 401,
      });
      blocks.forEach((block, i) => {
        const expected = EXPECTED.find(([marker]) => marker.test(block));
        expect(expected, `README block ${i + 1} has an expected output`).toBeDefined();
        expect(runFile(`readme-${i + 1}.ts`), `README block ${i + 1}`).toMatch(expected?.[1] ?? /$^/);
      });
    } finally {
      await server.stop();
    }
  }, 480_000);
});
