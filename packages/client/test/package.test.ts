/**
 * Consumers get working types: the `pnpm pack` tarball is installed into a throw-away project outside
 * the workspace; a consumer and every TypeScript block of the README are type-checked there under the
 * strictest settings and three module resolutions, and run against the reference server.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@device-commands/testkit';
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
    execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: packageDir, stdio: 'pipe', timeout: 60_000 });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(project, 'main.ts'), consumer);
    for (const [i, block] of blocks.entries()) writeFileSync(join(project, `readme-${i + 1}.ts`), block);
    // Output goes to a file, not a pipe: npm's helpers would keep a pipe open past a timeout.
    const log = join(work, 'npm-install.log');
    const fd = openSync(log, 'w');
    try {
      const args = [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        join(work, tarball ?? ''),
        `@types/node@${require('@types/node/package.json').version}`,
        `ajv@${require('ajv/package.json').version}`,
        `ajv-formats@${require('ajv-formats/package.json').version}`,
      ];
      execFileSync('npm', args, { cwd: project, stdio: ['ignore', fd, fd], timeout: 180_000 });
    } catch (error) {
      throw new Error(`npm install failed: ${String(error)}\n${readFileSync(log, 'utf8')}`);
    } finally {
      closeSync(fd);
    }

    const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    const typecheck = (config: string) =>
      execFileSync(process.execPath, [tsc, '-p', config], {
        cwd: project,
        encoding: 'utf8',
        stdio: 'pipe',
        timeout: 120_000,
      });
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
      try {
        typecheck(config);
      } catch (error) {
        throw new Error(`the consumer does not type-check under ${r.name}:\n${(error as { stdout?: string }).stdout}`);
      }
    }
    // A mistake in the consumer does not compile either.
    writeFileSync(
      join(project, 'wrong.ts'),
      `import { createAndroidClient } from '@device-commands/client';\nawait createAndroidClient().GET('/nope');\n`,
    );
    const wrong = (() => {
      try {
        typecheck(join(project, 'tsconfig.nodenext.json'));
        return '';
      } catch (error) {
        return String((error as { stdout?: string }).stdout);
      }
    })();
    expect(wrong).toMatch(/^wrong\.ts\(2,\d+\): error TS/);
    rmSync(join(project, 'wrong.ts'));

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
      const run = (file: string, args: string[] = []) =>
        execFileSync(process.execPath, ['--experimental-strip-types', '--no-warnings', join(project, file), ...args], {
          cwd: project,
          encoding: 'utf8',
          env: {
            ...process.env,
            APPLIVERY_BASE_URL: `${base}/applivery/v1`,
            APPLIVERY_TOKEN: 'demo-android-admin-token',
            GRAPH_BASE_URL: `${base}/graph/beta`,
            GRAPH_TOKEN: 'demo-graph-ana-token-0001',
          },
        });
      const output = run('main.ts', [base]);
      expect(JSON.parse(output.trim().split('\n').pop() ?? '{}')).toEqual({
        first: expect.stringMatching(/^[0-9a-f]{24}$/),
        code: 3001,
        status: 401,
      });
      blocks.forEach((block, i) => {
        const expected = EXPECTED.find(([marker]) => marker.test(block));
        expect(expected, `README block ${i + 1} has an expected output`).toBeDefined();
        expect(run(`readme-${i + 1}.ts`), `README block ${i + 1}`).toMatch(expected?.[1] ?? /$^/);
      });
    } finally {
      await server.stop();
    }
  }, 480_000);
});
