/**
 * `pnpm dev` (after `turbo run generate build`): serves the reference server and the docs on one port
 * and rebuilds on every save. See loop.ts for what a save rebuilds.
 *
 *   node src/cli.ts [--port <n>]   (default: PORT, else 4000; 0 picks a free port)
 */
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DevLoop } from './loop.ts';
import { repoPaths } from './paths.ts';
import { DevProxy } from './proxy.ts';
import { watchSources } from './watch.ts';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = Number(values.port ?? process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';
const paths = repoPaths();
// V8's compile cache for every process the loop starts (the server, Redocly's docs build, tsc): a
// restart then compiles nothing it compiled before (the server starts in about half the time).
process.env.NODE_COMPILE_CACHE ??= join(paths.root, 'node_modules', '.cache', 'device-commands-dev', 'compile-cache');
const proxy = new DevProxy();
let origin = '';
const loop = new DevLoop({
  paths,
  proxy,
  // The servers' own logs, with their private address replaced by the one to use.
  serverOutput: (text) => process.stdout.write(text.replaceAll(/http:\/\/127\.0\.0\.1:\d+/g, origin)),
});

const listening = new Promise<void>((resolve, reject) => {
  proxy.server.once('error', reject);
  proxy.server.listen(port, host, () => resolve());
});
const [banner] = await Promise.all([loop.start(), listening]).catch((error: Error) => {
  process.stderr.write(`pnpm dev: ${error.message}\n`);
  process.exit(1);
});
const address = proxy.server.address() as AddressInfo;
origin = `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${address.port}`;
// The banner's curl lines must work as printed: they are printed once the server answers through
// the proxy, on the address they name.
await answeredThroughProxy(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}/healthz`);
process.stdout.write(banner.replaceAll(/http:\/\/(?:localhost|127\.0\.0\.1):\d+/g, origin));
process.stdout.write(
  `Watching ${[paths.openapi, paths.serverSources, paths.docsContent].map((d) => relative(paths.root, d)).join(', ')}: a save rebuilds what it affects, restarts the server and reloads ${origin}/docs. Ctrl-C stops.\n`,
);

void loop.warmUp();
const stopWatching = watchSources(paths, (kinds, files) => {
  process.stdout.write(`${files.map((f) => relative(paths.root, f)).join(', ')} changed\n`);
  loop.changed(kinds);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  stopWatching();
  await proxy.close();
  await loop.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

async function answeredThroughProxy(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      await res.arrayBuffer();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stderr.write(
    `pnpm dev: the server did not answer ${url} through the proxy within ${timeoutMs} ms (${last})\n`,
  );
  process.exit(1);
}
