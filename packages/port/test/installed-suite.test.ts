/**
 * The contract suite as an outside team gets it: the packed tarball of @device-commands/contract-tests
 * installed with plain npm into an empty directory (no pnpm, no workspace), then `contract init` and
 * `contract --target` against this port on Node 20 (the machine's), `contract init` on Node 24 (this
 * process's; the installed suite's Node 24 run is in packages/release).
 * The reference server is an optional peer: without it and without --target, one line says what to do.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type Started, startProcess, tryRun } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const suiteDir = fileURLToPath(new URL('../../contract-tests', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'installed-suite-'));
const app = join(work, 'app');
const portConfigFile = join(work, 'contract.port.json');
// The port runs as its own process: the tools below are run synchronously, and would hold up an
// in-process server.
let port: Started & { match: string };
let target = '';
/** The skeleton `contract init` wrote on Node 20, before a team filled it in. */
let skeleton20 = '';
interface PortFamily {
  baseUrl: string;
  tokens: { full: string };
  ids: { path?: Record<string, string> };
}
let portConfig: { families: { android: PortFamily; graph: PortFamily } };

/** The installed bin, as npm linked it. */
const bin = () => join(app, 'node_modules/.bin/device-commands');

/** The machine's Node 20, wherever PATH has it beside this process's Node 24. */
function node20(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, 'node');
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    if (version.startsWith('v20.')) return candidate;
  }
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    if (version.startsWith('v20.')) return candidate;
  }
  throw new Error('no Node 20 on this machine (the suite claims Node >= 20.11; this machine kind has it as `node`)');
}

/** The skeleton as a team completes it: base paths, and the path ids of the full token's tenant. */
function fillIn(skeleton: string): string {
  const ids = (family: 'android' | 'graph') => (portConfig.families[family].ids.path ?? {}) as Record<string, string>;
  let family: 'android' | 'graph' = 'android';
  return skeleton
    .split('\n')
    .map((line) => {
      if (/^ {2}graph:/.test(line)) family = 'graph';
      if (line.includes('# baseUrl:'))
        return line.replace(/# baseUrl: \S+/, `baseUrl: ${portConfig.families[family].baseUrl}`);
      if (/^ {4}# ids:|^ {4}# {3}path:/.test(line)) return line.replace('# ', '');
      const param = /^ {4}# {5}([\w-]+): …/.exec(line)?.[1];
      if (param) return line.replace('# ', '').replace('…', ids(family)[param] ?? '');
      return line;
    })
    .join('\n');
}

beforeAll(async () => {
  port = await startProcess(
    process.execPath,
    [fileURLToPath(new URL('../src/main.ts', import.meta.url)), '--port', '0', '--config-out', portConfigFile],
    { ready: /port: (http:\/\/\S+)/ },
  );
  target = port.match;
  portConfig = JSON.parse(readFileSync(portConfigFile, 'utf8'));
  run('pnpm', ['pack', '--pack-destination', work], { cwd: suiteDir, timeoutMs: 60_000 });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz')) ?? '';
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'our-service-tests', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(work, tarball)], {
    cwd: app,
    timeoutMs: 240_000,
  });
});
afterAll(async () => {
  await port?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the contract suite, installed from its tarball with npm', () => {
  it('installs no workspace package and not the reference server (an optional peer)', () => {
    const installed = readdirSync(join(app, 'node_modules', '@device-commands'));
    expect(installed).toEqual(['contract-tests']);
  });

  it('on Node 20, `contract init` writes a skeleton that passes the port once a team fills in its base paths, ids and two tokens', () => {
    const node = node20();
    const out = join(work, 'contract.yaml');
    const init = run(node, [bin(), 'contract', 'init', '--out', out], {
      cwd: app,
    });
    expect(init.stdout).toContain('ANDROID_TOKEN_FULL');
    // What a team does next: uncomment the base paths its service uses (the port serves upstream's)
    // and the ids of its own tenant.
    skeleton20 = readFileSync(out, 'utf8');
    writeFileSync(out, fillIn(skeleton20));
    const { families } = portConfig;
    const judged = tryRun(node, [bin(), 'contract', '--target', target, '--config', out, '--sample', '10'], {
      cwd: app,
      env: {
        ...process.env,
        ANDROID_TOKEN_FULL: families.android.tokens.full,
        GRAPH_TOKEN_FULL: families.graph.tokens.full,
      },
      timeoutMs: 180_000,
    });
    // The compiled bundle, on Node 20, against the port: without the other roles, the checks that
    // need them are skipped with their reasons; of the others, a sample of 10 per group runs
    // (--sample), and nothing fails. (The whole suite passes the port in readme.test.ts.)
    expect(judged.status, judged.stdout.slice(-3000)).toBe(0);
    expect(judged.stdout).toMatch(/\b\d{2,} passed, 0 failed, [1-9]\d* skipped/);
    expect(judged.stdout).toContain('needs the readOnly token of android (families.android.tokens.readOnly)');
  });

  // The installed suite's run on Node 24 is in `pnpm release:dry-run` (packages/release): the root
  // README's implementer lines, the suite and the sandbox installed together from their tarballs.
  it('on Node 24, `contract init` writes the same skeleton', () => {
    const out = join(work, 'contract-24.yaml');
    run(process.execPath, [bin(), 'contract', 'init', '--out', out], { cwd: app });
    expect(readFileSync(out, 'utf8')).toBe(skeleton20);
  });

  it('without --target and without the reference server installed, says what to do in one line and exits 2', () => {
    const result = tryRun(process.execPath, [bin(), 'contract'], {
      cwd: app,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/--target <base-url>.*@device-commands\/server/),
    ]);
  });
});
