/**
 * The system under test, started fresh for the suite: the reference server (in-memory store, strict
 * response validation, a fast device agent), a `prism proxy` in front of each family, and a
 * `prism mock` for the client check. Everything listens on free loopback ports and is stopped
 * afterwards, even when tests fail.
 */
import { fileURLToPath } from 'node:url';
import type { FamilyId } from '@device-commands/server';
import { bundlePaths, familiesOf, loadSpec } from '@device-commands/spec';
import { type Started, startPrism, startProcess } from '@device-commands/testkit';
import { SERVER_TOKENS } from './context.ts';

export interface Stack {
  server: string;
  proxy: Record<FamilyId, string>;
  mock: string;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const started: Started[] = [];
  try {
    const server = await startProcess(
      process.execPath,
      [fileURLToPath(new URL('../../../server/src/main.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          PORT: '0',
          SQLITE_FILE: ':memory:',
          // Graph commands move every 300 ms; Android ones stay PENDING for 5 s, long enough for the
          // cancel flow to cancel them even on a loaded machine.
          AGENT_DELAY_MS: '300',
          AGENT_ANDROID_DELAY_MS: '5000',
          RESPONSE_VALIDATION: 'strict',
          LOG_LEVEL: 'warn',
          DEVICE_COMMANDS_TOKENS: JSON.stringify(SERVER_TOKENS),
        },
        ready: /reference server: (http:\/\/\S+)/,
      },
    );
    started.push(server);
    // Without --errors, Prism forwards every request (negative cases must reach the server) and
    // reports request and response violations in the sl-violations header.
    // One proxy per declared family, in front of the family's local base path.
    const declared = familiesOf(loadSpec());
    const [mock, ...proxies] = await Promise.all([
      startPrism(['mock', bundlePaths.yaml]),
      ...declared.map((f) => startPrism(['proxy', bundlePaths.yaml, `${server.match}${f.basePath}`])),
    ]);
    started.push(mock, ...proxies);
    return {
      server: server.match,
      proxy: Object.fromEntries(declared.map((f, i) => [f.id, proxies[i]?.url ?? ''])) as Record<FamilyId, string>,
      mock: mock.url,
      stop: async () => {
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
