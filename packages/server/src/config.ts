/** Configuration from the environment, with the defaults of a local demo. */
import { fileURLToPath } from 'node:url';
import type { ResponseValidationMode } from './validation/responses.ts';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  sqliteFile: string;
  agentDelayMs: number;
  agentAndroidDelayMs: number;
  responseValidation: ResponseValidationMode;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const mode = env.RESPONSE_VALIDATION ?? (production ? 'off' : env.NODE_ENV === 'test' ? 'strict' : 'log');
  if (mode !== 'off' && mode !== 'log' && mode !== 'strict')
    throw new Error(`RESPONSE_VALIDATION must be off, log or strict, not ${mode}`);
  const dataDir = env.DATA_DIR ?? fileURLToPath(new URL('../.data/', import.meta.url));
  return {
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    sqliteFile: env.SQLITE_FILE ?? `${dataDir.replace(/\/$/, '')}/device-commands.sqlite`,
    agentDelayMs: Number(env.AGENT_DELAY_MS ?? 5000),
    agentAndroidDelayMs: Number(env.AGENT_ANDROID_DELAY_MS ?? env.AGENT_DELAY_MS ?? 5000),
    responseValidation: mode,
    logLevel: (env.LOG_LEVEL as Config['logLevel']) ?? 'info',
  };
}
