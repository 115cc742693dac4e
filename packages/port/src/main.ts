#!/usr/bin/env node
/**
 * Starts the port: `node src/main.ts [--port N] [--config-out FILE]`. Prints its URL and, with
 * `--config-out`, writes the contract suite configuration naming its tokens and ids (they are new on
 * every start).
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { seed } from './seed.ts';
import { createPort } from './server.ts';
import { Store } from './store.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '4610' },
    host: { type: 'string', default: '127.0.0.1' },
    'config-out': { type: 'string' },
    'agent-ms': { type: 'string', default: process.env.PORT_AGENT_MS ?? '20' },
  },
});
const store = new Store();
const config = seed(store);
if (values['config-out']) writeFileSync(values['config-out'], `${JSON.stringify(config, null, 2)}\n`);
const server = createPort({ store, agentMs: Number(values['agent-ms']) });
server.listen(Number(values.port), values.host, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`port: http://${values.host}:${port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
