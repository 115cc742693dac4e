/**
 * `pnpm release:dry-run`: what `changeset publish` would put on the registry, proven as outside users
 * get it. Every publishable package is packed (`pnpm pack`: publishConfig applied, prepack run),
 * linted as a tarball (publint; attw), and all are installed *together* with plain npm into an empty
 * project: a consumer of the client, type-checked strictly, runs against the sandbox started by the
 * README's line; the contract suite starts the installed sandbox itself; the READMEs' sandbox and
 * implementer blocks run as written; the sandbox runs on the lowest Node it claims and on this
 * process's Node, and stops with one line on Node 20.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec } from '@device-commands/spec';
import { run, type Started, startProcess, tryRun } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineNode20, minimumNode, nodeBinary, type Publishable, pack, publishable, repoRoot } from '../src/index.ts';

const work = mkdtempSync(join(tmpdir(), 'release-dry-run-'));
const app = join(work, 'app');
const packages = publishable();
const tarballs = new Map<string, string>();
const started: Started[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

const named = (name: string): Publishable => {
  const found = packages.find((p) => p.manifest.name === name);
  if (!found) throw new Error(`${name} is not publishable`);
  return found;
};
const server = named('@device-commands/server');
const contract = loadSpec();

/** The ```sh blocks of a README that contain `marker`, as lines (comments and continuations joined). */
function shellLines(readme: string, marker: string): string[] {
  const text = readFileSync(join(repoRoot, readme), 'utf8');
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? '')
    .filter((block) => block.includes(marker))
    .flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Starts the sandbox the way a README line says (`npx @device-commands/server …`), on a free port. */
async function startSandbox(line: string, node: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const args = line.split(/\s+/).slice(1);
  // npx as the machine has it; the node that runs it and the sandbox is the first on PATH.
  const sandbox = await startProcess('npx', args, {
    cwd: app,
    // The README's lines name the default port (4000); the test asks for port 0 through PORT, which
    // the sandbox reads when no --port is given: the kernel's pick, printed in the banner, so that it
    // cannot collide with another test.
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      PATH: `${join(node, '..')}:${process.env.PATH}`,
      ...extraEnv,
    },
    ready: /reference server: (http:\/\/\S+)/,
    // npx runs the bin as its child: stop() ends the whole group, or the sandbox would outlive the test.
    group: true,
  });
  started.push(sandbox);
  return { sandbox, origin: sandbox.match };
}

beforeAll(() => {
  mkdirSync(app, { recursive: true });
  for (const p of packages) tarballs.set(p.manifest.name, pack(p, work));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.values()], {
    cwd: app,
    timeoutMs: 240_000,
  });
});

describe('the release dry run', () => {
  it('finds the four publishable packages, each with repository, homepage, bugs, engines, files and a license', () => {
    expect(packages.map((p) => p.manifest.name)).toEqual([
      '@device-commands/client',
      '@device-commands/contract-tests',
      '@device-commands/server',
      '@device-commands/spec',
    ]);
    for (const { manifest } of packages) {
      expect(manifest.repository?.url, manifest.name).toMatch(/^git\+https:\/\/github\.com\//);
      expect(manifest.repository?.directory, manifest.name).toBe(`packages/${manifest.name.split('/')[1]}`);
      expect(manifest.homepage, manifest.name).toMatch(/^https:\/\//);
      expect(manifest.bugs?.url, manifest.name).toMatch(/^https:\/\/github\.com\/.+\/issues$/);
      expect(manifest.engines?.node, manifest.name).toMatch(/^>=\d+(\.\d+)?$/);
      expect(manifest.files?.length, manifest.name).toBeGreaterThan(0);
      expect(manifest.license, manifest.name).toBe('MIT');
      expect(manifest.publishConfig?.provenance, manifest.name).toBe(true);
    }
  });

  it("follows the version policy: the spec package is the contract's info.version, the others share its major.minor", () => {
    const [major, minor] = contract.info.version.split('.');
    for (const { manifest } of packages) {
      if (manifest.name === '@device-commands/spec') expect(manifest.version).toBe(contract.info.version);
      else expect(manifest.version.split('.').slice(0, 2), manifest.name).toEqual([major, minor]);
    }
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))(
    '%s passes publint (strict) and attw from its tarball',
    (name, p) => {
      const tarball = tarballs.get(name) ?? '';
      run(join(repoRoot, 'packages/release/node_modules/.bin/publint'), ['run', tarball, '--strict'], {
        timeoutMs: 60_000,
      });
      // The server and the contract suite are programs first: their library entry ships no types.
      const untyped = p.manifest.types === undefined && !JSON.stringify(p.manifest.exports).includes('types');
      // Entry points that are data, not modules (the contract as YAML): nothing for attw to resolve.
      const exported = p.manifest.publishConfig?.exports ?? p.manifest.exports ?? {};
      const data = Object.entries(exported)
        .filter(([, target]) => typeof target === 'string' && !/\.(js|json)$/.test(target))
        .map(([entry]) => entry);
      run(
        join(repoRoot, 'packages/release/node_modules/.bin/attw'),
        [
          tarball,
          '--profile',
          'esm-only',
          '--format',
          'table-flipped',
          ...(untyped ? ['--ignore-rules', 'untyped-resolution'] : []),
          ...(data.length > 0 ? ['--exclude-entrypoints', ...data] : []),
        ],
        { timeoutMs: 60_000 },
      );
    },
  );

  it('installs only npm dependencies besides the packed packages (no workspace: protocol left)', () => {
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    const ours = Object.entries(lock.packages).filter(([path]) => path.includes('node_modules/@device-commands/'));
    expect(ours.map(([path]) => path).sort()).toEqual(packages.map((p) => `node_modules/${p.manifest.name}`).sort());
    for (const [path, entry] of ours) expect(entry.resolved, path).toMatch(/^file:/);
  });

  it.each([
    ['the lowest Node the sandbox claims', () => nodeBinary(minimumNode(server.manifest))],
    ["this process's Node", () => process.execPath],
  ])(
    "on %s, the README's sandbox line starts the sandbox with the docs, and the READMEs' curl lines answer as documented",
    async (_, node) => {
      const lines = shellLines('README.md', 'npx @device-commands/server');
      const start = lines.find((l) => l.startsWith('npx @device-commands/server')) ?? '';
      // The server README gives the same line.
      expect(shellLines('packages/server/README.md', 'npx @device-commands/server')).toContain(start);
      const binary = node();
      const { sandbox, origin } = await startSandbox(start, binary, { DATA_DIR: mkdtempSync(join(work, 'sandbox-')) });
      expect(sandbox.output()).toContain('reference server');
      const curls = [...lines, ...shellLines('packages/server/README.md', 'npx @device-commands/server')].filter((l) =>
        l.startsWith('curl'),
      );
      expect(curls.length).toBeGreaterThanOrEqual(3);
      for (const line of curls) {
        const args = line
          .replaceAll('http://localhost:4000', origin)
          .match(/'[^']*'|\S+/g)
          ?.slice(1)
          .map((a) => a.replace(/^'|'$/g, ''));
        const { stdout } = run('curl', ['-w', '\n%{http_code}', ...(args ?? [])], { timeoutMs: 20_000 });
        const status = Number(stdout.trim().split('\n').pop());
        expect(status, line).toBeLessThan(400);
      }
      const docs = await fetch(`${origin}/docs/`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain(contract.info.title);
    },
  );

  it('a strict consumer of the client type-checks and runs against the sandbox on the lowest Node the sandbox claims', async () => {
    const node = nodeBinary(minimumNode(server.manifest));
    const { sandbox, origin } = await startSandbox('npx @device-commands/server --agent-delay 200', node, {
      DATA_DIR: join(work, 'sandbox-minimum'),
    });
    // Each family's base URL as the sandbox printed it, found by the upstream the contract declares.
    const families = (contract as unknown as { 'x-families': { id: string; upstream: string }[] })['x-families'];
    const baseUrl = Object.fromEntries(
      families.map((f) => {
        const line =
          sandbox
            .output()
            .split('\n')
            .find((l) => l.includes(`(upstream ${f.upstream})`)) ?? '';
        return [f.id, /(http:\/\/\S+)/.exec(line)?.[1] ?? ''];
      }),
    );
    expect(Object.values(baseUrl).every((u) => u.startsWith(origin))).toBe(true);
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { createAndroidClient, createGraphClient, isApiError } from '@device-commands/client';

declare const process: { env: Record<string, string | undefined> };
const android = createAndroidClient({ baseUrl: process.env.ANDROID_BASE_URL, token: 'demo-android-admin-token' });
const device = { organizationId: 'acme-robotics', emmDeviceId: 'R58N123ABCD' };
const created = await android.POST('/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands', {
  params: { path: device },
  body: { type: 'LOCK', duration: '600s' },
});
if (created.status !== 200) throw new Error(\`create answered \${created.status}\`);
const id: string = created.data.data.id;
const read = await android.GET('/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands/{emmCommandId}', {
  params: { path: { ...device, emmCommandId: id } },
});
const graph = createGraphClient({ baseUrl: process.env.GRAPH_BASE_URL, token: 'demo-graph-ana-token-0001', throwOnError: true });
const devices = await graph.GET('/me/devices');
const denied = await createGraphClient({ baseUrl: process.env.GRAPH_BASE_URL, token: 'not-a-token', throwOnError: true })
  .GET('/me/devices')
  .catch((e: unknown) => (isApiError(e, 'graph') ? e.status : 0));
console.log(JSON.stringify({ id, read: read.status === 200 ? read.data.data.id : read.status, devices: devices.value.length, denied }));
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    run(join(repoRoot, 'packages/release/node_modules/.bin/tsc'), ['-p', app], { cwd: app, timeoutMs: 120_000 });
    const out = run(node, ['--experimental-strip-types', '--no-warnings', 'consumer.ts'], {
      cwd: app,
      env: { ...process.env, ANDROID_BASE_URL: baseUrl.android, GRAPH_BASE_URL: baseUrl.graph },
      timeoutMs: 30_000,
    });
    const result = JSON.parse(out.stdout) as { id: string; read: string; devices: number; denied: number };
    expect(result.read).toBe(result.id);
    expect(result.devices).toBeGreaterThan(0);
    expect(result.denied).toBe(401);
  });

  it('on Node 20 the sandbox stops at once with one line that names the Node it needs', () => {
    const node20 = machineNode20();
    const version = run(node20, ['--version']).stdout.trim().slice(1);
    const result = tryRun(node20, [join(app, 'node_modules/@device-commands/server/dist/cli.js')], {
      cwd: app,
      timeoutMs: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      `@device-commands/server needs Node ${minimumNode(server.manifest).replace(/\.0$/, '')} or newer (its embedded store is node:sqlite); this is Node ${version}.`,
    ]);
  });

  it('on Node 20 the packages that claim it load: the contract as data, the client, the contract suite', () => {
    const node20 = machineNode20();
    const out = run(
      node20,
      [
        '--input-type=module',
        '-e',
        `const { loadSpec } = await import('@device-commands/spec');
const { createAndroidClient } = await import('@device-commands/client');
await import('@device-commands/contract-tests');
console.log(loadSpec().info.version, typeof createAndroidClient);`,
      ],
      { cwd: app, timeoutMs: 30_000 },
    );
    expect(out.stdout.trim()).toBe(`${contract.info.version} function`);
  });

  it('--help lists every option, and a wrong one is refused with one line', () => {
    const help = run(process.execPath, [join(app, 'node_modules/.bin/device-commands-server'), '--help'], { cwd: app });
    for (const option of [
      '--port',
      '--host',
      '--data-dir',
      '--reset',
      '--seed',
      '--agent-delay',
      '--docs-dir',
      'DATABASE_URL',
    ])
      expect(help.stdout).toContain(option);
    const wrong = tryRun(process.execPath, [join(app, 'node_modules/.bin/device-commands-server'), '--prot', '1'], {
      cwd: app,
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("the root README's implementer lines run as written: the installed suite starts the installed sandbox and passes it", () => {
    const lines = shellLines('README.md', 'npx device-commands');
    expect(lines.filter((l) => l.startsWith('npx')).length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      if (line.startsWith('npm install')) continue; // done above, from the tarballs
      const [command, ...args] = line.split(/\s+/);
      const result = run(command ?? '', args, {
        cwd: app,
        env: { ...process.env, NO_COLOR: '1', FUZZ_RUNS: '20', PATTERN_SAMPLES: '2' },
        timeoutMs: 240_000,
      });
      if (args.includes('init'))
        expect(readFileSync(join(app, args[args.indexOf('--out') + 1] ?? ''), 'utf8')).toMatch(/families:/);
      else expect(result.stdout).toMatch(/\b0 failed\b/);
    }
  });
});
