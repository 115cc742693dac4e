/**
 * Starts the reference server: opens the store (node:sqlite, or PostgreSQL with DATABASE_URL),
 * seeds it, starts the device agent, serves both families, and shuts down gracefully on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DeviceAgent } from './agent/device-agent.ts';
import { loadTokens, TokenRegistry } from './auth/tokens.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { families } from './generated/routes.gen.ts';
import { createApp } from './http/app.ts';
import { jsonLogger } from './http/logger.ts';
import { createNodeServer } from './http/node-server.ts';
import { insertBulk } from './store/bulk.ts';
import { openStore } from './store/index.ts';
import { SEED, seedData } from './store/seed.ts';

/** `--docs-dir <dir>`: the built docs site (the workspace's `start` script passes packages/docs/dist). */
function docsDirArgument(): string | undefined {
  const { values } = parseArgs({ options: { 'docs-dir': { type: 'string' } }, strict: false });
  const dir = values['docs-dir'];
  return typeof dir === 'string' ? resolve(dir) : undefined;
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`device-commands: ${error.message}\n`);
  process.exit(2);
}
const docsDir = docsDirArgument() ?? config.docsDir;
const logger = jsonLogger(config.logLevel);
const store = await openStore(config, (error) =>
  logger.log('warn', 'database connection lost while idle; the pool replaces it', { reason: error.message }),
);
if (config.resetStore) await store.reset();
await store.seed(seedData());
if (config.seedCommands > 0) await insertBulk(store, { total: config.seedCommands });
let loaded: ReturnType<typeof loadTokens>;
try {
  loaded = loadTokens();
} catch (error) {
  // A token file that is not JSON, or not the documented shape: one line that says why, no stack.
  const why = error instanceof z.ZodError ? z.prettifyError(error).replace(/\n\s*/g, '; ') : (error as Error).message;
  process.stderr.write(`device-commands: the token configuration is refused: ${why}\n`);
  await store.close();
  process.exit(2);
}
const { tokens, source } = loaded;
const { app } = createApp({
  store,
  tokens: new TokenRegistry(tokens),
  logger,
  responseValidation: config.responseValidation,
  shedding: config.shedding,
  docsDir,
});
const agent = new DeviceAgent({
  store,
  delayMs: config.agentDelayMs,
  androidDelayMs: config.agentAndroidDelayMs,
  logger,
});
if (config.agentDelayMs > 0) agent.start();

const server = createNodeServer(app.fetch, config.server, logger);
server.listen(config.port, config.host, () => {
  const info = server.address() as AddressInfo;
  const origin = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${info.port}`;
  const android = tokens.find((t) => t.family === 'android');
  const graph = tokens.find((t) => t.family === 'graph');
  const lines = [
    '',
    `device-commands reference server: ${origin}  (store: ${store.kind === 'sqlite' ? config.sqliteFile : 'PostgreSQL'}, response validation: ${config.responseValidation}, agent delay: ${config.agentDelayMs} ms)`,
    ...Object.values(families).map(
      (f) => `  ${f.name.padEnd(33)} ${`${origin}${f.basePath}`.padEnd(36)} (upstream ${f.upstream})`,
    ),
    `  ${'Docs'.padEnd(33)} ${origin}/docs${docsDir ? '' : '  (not configured: --docs-dir or DOCS_DIR)'}`,
    `  ${'Contract'.padEnd(33)} ${origin}/openapi.json  ${origin}/openapi.yaml`,
    '',
    `Tokens (${source}):`,
    ...tokens.map((t) => `  ${t.family.padEnd(7)} ${t.token.padEnd(30)} ${t.description ?? ''}`),
    '',
    'Try:',
    ...(android
      ? [
          `  curl -s -H 'Authorization: Bearer ${android.token}' ${origin}${families.android.basePath}/organizations/${SEED.organization.slug}/mdm/android/enterprise/devices/${SEED.device.serialNumber}/commands`,
          `  curl -s -X POST -H 'Authorization: Bearer ${android.token}' -H 'Content-Type: application/json' -d '{"type":"LOCK","duration":"600s"}' ${origin}${families.android.basePath}/organizations/${SEED.organization.id}/mdm/android/enterprise/devices/${SEED.device.id}/commands`,
        ]
      : []),
    ...(graph
      ? [
          `  curl -s -H 'Authorization: Bearer ${graph.token}' ${origin}${families.graph.basePath}/me/devices`,
          `  curl -s -X POST -H 'Authorization: Bearer ${graph.token}' -H 'Content-Type: application/json' -d '{"type":"LaunchUri","payload":{"uri":"https://bing.com"}}' ${origin}${families.graph.basePath}/me/devices/${SEED.graphDevices.laptop}/commands`,
        ]
      : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.log('info', 'shutting down: finishing in-flight requests', { signal });
  await agent.stop();
  server.close(async (error) => {
    await store.close();
    logger.log('info', 'stopped', { signal });
    process.exit(error ? 1 : 0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
