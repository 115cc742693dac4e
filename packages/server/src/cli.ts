#!/usr/bin/env node
/**
 * `device-commands-server`: the sandbox command of the published package (`npx @device-commands/server`).
 * Checks the Node version before anything that needs it is loaded (node:sqlite), turns the flags into
 * the environment variables of config.ts (a flag wins over its variable), then starts main.ts.
 *
 * Only node:util, node:fs and node:path are imported statically, so that an older Node reaches the
 * one-line message instead of failing to link `node:sqlite`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(resolve(here, '../package.json'), 'utf8')) as {
  name: string;
  version: string;
  engines: { node: string };
};

/** `>=22.13` → [22, 13]: the one minimum the manifest states, read rather than restated. */
const minimum = (/^>=\s*(\d+)\.(\d+)/.exec(manifest.engines.node) ?? []).slice(1).map(Number) as [number, number];
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
if (major < minimum[0] || (major === minimum[0] && minor < minimum[1])) {
  process.stderr.write(
    `${manifest.name} needs Node ${minimum.join('.')} or newer (its embedded store is node:sqlite); this is Node ${process.versions.node}.\n`,
  );
  process.exit(1);
}

/** Where the sandbox keeps its store unless told: in the directory it is started from. */
const DATA_DIR = '.device-commands';

/** The help text; `d` holds config.ts's defaults, read rather than restated (loaded after the Node check). */
const help = (d: {
  port: number;
  host: string;
  seedCommands: number;
  agentDelayMs: number;
}) => `Usage: device-commands-server [options]

The device-commands reference server as a sandbox: both API families, stateful, seeded with demo
data, the docs at /docs/, tokens and curl lines printed at start.

Options (each also read from the environment variable in brackets; a flag wins):
  --port <n>          port to listen on, 0 for any free one            [PORT, default ${d.port}]
  --host <host>       address to listen on                             [HOST, default ${d.host}]
  --data-dir <dir>    where the embedded SQLite store lives            [DATA_DIR, default ./${DATA_DIR}]
  --reset             delete every stored row before seeding           [RESET_STORE=true]
  --seed <n>          add n generated commands (half per family) to    [SEED_COMMANDS, default ${d.seedCommands}]
                      the demo data, for paging through long lists
  --agent-delay <ms>  how long the simulated device takes to apply a   [AGENT_DELAY_MS, default ${d.agentDelayMs}]
                      command (0: never)
  --docs-dir <dir>    the docs site to serve at /docs/                 [DOCS_DIR, default: the bundled site]
  -h, --help          this text
  -v, --version       the package's and the contract's version

  DATABASE_URL=postgres://…           use PostgreSQL instead of the embedded store (scale-out)
  DEVICE_COMMANDS_TOKENS_FILE=<file>   your own tokens instead of the demo ones
  More variables (limits, timeouts, logging): the package README.
`;

let values: ReturnType<typeof parse>['values'];
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      reset: { type: 'boolean' },
      seed: { type: 'string' },
      'agent-delay': { type: 'string' },
      'docs-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
    allowPositionals: false,
  });
}
try {
  ({ values } = parse());
} catch (error) {
  process.stderr.write(`device-commands-server: ${(error as Error).message} (see --help)\n`);
  process.exit(2);
}
if (values.help) {
  const { loadConfig } = await import('./config.ts');
  process.stdout.write(help(loadConfig({})));
  process.exit(0);
}
if (values.version) {
  const { loadSpec } = await import('@device-commands/spec');
  process.stdout.write(`${manifest.name} ${manifest.version} (contract ${loadSpec().info.version})\n`);
  process.exit(0);
}

const env = process.env;
const set = (name: string, value: string | undefined) => {
  if (value !== undefined) env[name] = value;
};
set('PORT', values.port);
set('HOST', values.host);
set('DATA_DIR', values['data-dir'] === undefined ? undefined : resolve(values['data-dir']));
env.DATA_DIR ??= resolve(DATA_DIR);
if (values.reset) env.RESET_STORE = 'true';
set('SEED_COMMANDS', values.seed);
set('AGENT_DELAY_MS', values['agent-delay']);
set('DOCS_DIR', values['docs-dir'] === undefined ? undefined : resolve(values['docs-dir']));
// The published package carries the built site in docs/; in the workspace it is packages/docs/dist.
const bundledDocs = [resolve(here, '../docs'), resolve(here, '../../docs/dist')].find((dir) =>
  existsSync(resolve(dir, 'index.html')),
);
if (env.DOCS_DIR === undefined && bundledDocs) env.DOCS_DIR = bundledDocs;
await import('./main.ts');
