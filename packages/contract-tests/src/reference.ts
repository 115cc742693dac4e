/**
 * The reference server, started as its own process when the CLI runs without `--target`: an
 * in-memory store, strict response validation, the demo tokens plus one token per family without
 * any grant, and a device agent quick enough for the flows. It is an optional peer of the published
 * suite: loaded only here, and only when no `--target` is given.
 */
import { fileURLToPath } from 'node:url';
import type { TokenEntry } from '@device-commands/server';
import { type Started, startProcess } from '@device-commands/testkit';

export class ReferenceServerMissing extends Error {
  override name = 'ReferenceServerMissing';
}

/** The server package, or a one-line reason why the suite cannot start it. */
async function serverPackage(): Promise<typeof import('@device-commands/server')> {
  try {
    return await import('@device-commands/server');
  } catch {
    throw new ReferenceServerMissing(
      'without --target the suite starts the reference server, and @device-commands/server is not installed: ' +
        'pass --target <base-url> (and --config), or install @device-commands/server beside this package',
    );
  }
}

export const referenceConfigPath = fileURLToPath(new URL('../contract.reference.yaml', import.meta.url));

export async function startReferenceServer(env: NodeJS.ProcessEnv = {}): Promise<Started & { url: string }> {
  const { DEMO_TOKENS, SEED } = await serverPackage();
  /** The tokens the reference configuration (contract.reference.yaml) names beside the demo ones. */
  const tokens: TokenEntry[] = [
    ...DEMO_TOKENS,
    {
      family: 'android',
      token: 'contract-android-no-permissions',
      organization: SEED.organization.id,
      permissions: [],
    },
    { family: 'graph', token: 'contract-graph-no-scopes-at-all', user: SEED.graphUser, scopes: [] },
  ];
  const server = await startProcess(
    process.execPath,
    [fileURLToPath(import.meta.resolve('@device-commands/server/main'))],
    {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SQLITE_FILE: ':memory:',
        // Graph commands move every 300 ms; Android ones stay PENDING for 5 s, long enough for the
        // cancel flow to cancel them even on a loaded machine.
        AGENT_DELAY_MS: '300',
        AGENT_ANDROID_DELAY_MS: '5000',
        RESPONSE_VALIDATION: 'strict',
        LOG_LEVEL: 'warn',
        DEVICE_COMMANDS_TOKENS: JSON.stringify(tokens),
        ...env,
      },
      ready: /reference server: (http:\/\/\S+)/,
    },
  );
  return { ...server, url: server.match };
}
