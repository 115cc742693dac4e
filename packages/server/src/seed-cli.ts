/**
 * `pnpm --filter @device-commands/server seed --commands <n> [--from <k>] [--batch <b>]`: fills the
 * configured store (the same DATABASE_URL, SQLITE_FILE or DATA_DIR as the server) with n bulk
 * commands, half per family (store/bulk.ts: deterministic, spread over the seeded devices), through
 * the repositories' multi-row inserts (1,000 rows a statement), b rows a transaction (default 50,000:
 * a commit waits for the disk, so few large ones). `--from` continues a
 * previous run (the n-th command is always the same, so a second run from 0 would collide).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { insertBulk } from './store/bulk.ts';
import { openStore } from './store/index.ts';
import { SEED, seedData } from './store/seed.ts';

const { values } = parseArgs({
  options: { commands: { type: 'string' }, from: { type: 'string' }, batch: { type: 'string' } },
});
const total = Number(values.commands);
const from = Number(values.from ?? 0);
const batch = Number(values.batch ?? 50_000);
if (!Number.isInteger(total) || total <= 0 || !Number.isInteger(from) || from < 0 || !(batch > 0)) {
  process.stderr.write('usage: seed --commands <n> [--from <k>] [--batch <rows per transaction>]\n');
  process.exit(2);
}
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`seed: ${error.message}\n`);
  process.exit(2);
}
const store = await openStore(config);
await store.seed(seedData());
const started = performance.now();
const perFamily = await insertBulk(store, { total, from, batch });
if (perFamily === 0) {
  process.stderr.write(`seed: bulk command ${from} is already stored; continue with --from <the next one>\n`);
  await store.close();
  process.exit(2);
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `seed: ${(perFamily * 2).toLocaleString('en')} commands (${perFamily.toLocaleString('en')} per family, organization ${SEED.organization.slug} and user ${SEED.graphUser}) into ${store.kind} in ${seconds.toFixed(1)} s (${Math.round((perFamily * 2) / seconds).toLocaleString('en')}/s); next --from ${from + perFamily}\n`,
);
await store.close();
