import { fileURLToPath } from 'node:url';
import { type Started, startProcess } from '@device-commands/testkit';

/** A fresh reference server process (in-memory store) that also serves the built docs at /docs. */
export function startServer(): Promise<Started> {
  return startProcess(process.execPath, [fileURLToPath(new URL('../../server/src/main.ts', import.meta.url))], {
    env: {
      ...process.env,
      PORT: '0',
      SQLITE_FILE: ':memory:',
      AGENT_DELAY_MS: '0',
      LOG_LEVEL: 'warn',
      RESPONSE_VALIDATION: 'strict',
      DOCS_DIR: fileURLToPath(new URL('../dist/', import.meta.url)),
    },
    ready: /reference server: (http:\/\/\S+)/,
  });
}
