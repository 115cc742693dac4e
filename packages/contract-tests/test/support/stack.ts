/**
 * The system under test, started fresh for the suite: the reference server (in-memory store, strict
 * response validation, a fast device agent), a `prism proxy` in front of each family, and a
 * `prism mock` for the client check. Everything listens on free loopback ports and is stopped
 * afterwards, even when tests fail.
 */
import { fileURLToPath } from 'node:url';
import { bundlePaths } from '@device-commands/spec';
import { type Started, startPrism, startProcess } from '@device-commands/spec/testing';
import { SERVER_TOKENS } from './context.ts';

export interface Stack {
  server: string;
  proxy: { android: string; graph: string };
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
    const [android, graph, mock] = await Promise.all([
      startPrism(['proxy', bundlePaths.yaml, `${server.match}/applivery/v1`]),
      startPrism(['proxy', bundlePaths.yaml, `${server.match}/graph/beta`]),
      startPrism(['mock', bundlePaths.yaml]),
    ]);
    started.push(android, graph, mock);
    return {
      server: server.match,
      proxy: { android: android.url, graph: graph.url },
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
