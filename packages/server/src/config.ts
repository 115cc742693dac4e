/**
 * Configuration from the environment, parsed with zod at start-up, with the defaults of a local
 * demo. A bad value stops the server with one line that names the variable and what it accepts.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SheddingLimits } from './http/load-shedding.ts';
import type { ServerLimits } from './http/node-server.ts';
import type { PostgresLimits } from './store/postgres.ts';
import type { SqliteSynchronous } from './store/sqlite.ts';
import type { ResponseValidationMode } from './validation/responses.ts';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  sqliteFile: string;
  /** SQLite's durability per commit (store/sqlite.ts): `full` (default) or `normal`. */
  sqliteSynchronous: SqliteSynchronous;
  /** Delete every row before seeding (`RESET_STORE=true`, the sandbox's `--reset`). */
  resetStore: boolean;
  /** Bulk commands added beside the demo data (`SEED_COMMANDS`, the sandbox's `--seed`). */
  seedCommands: number;
  agentDelayMs: number;
  agentAndroidDelayMs: number;
  responseValidation: ResponseValidationMode;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The built docs site, served at /docs (unset: /docs answers 404). */
  docsDir: string | undefined;
  /** Node's connection limits (http/node-server.ts). */
  server: ServerLimits;
  /** When to shed load with 503 (http/load-shedding.ts); 0 turns a check off. */
  shedding: SheddingLimits;
  /** PostgreSQL: pool size and the time limits that keep a request from hanging on the database. */
  postgres: PostgresLimits;
}

/** A configuration variable that cannot be used, named, with what it accepts. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const integer = (accepts: string, min: number, max: number) =>
  z.string().regex(/^\d+$/, accepts).transform(Number).pipe(z.number().int().min(min, accepts).max(max, accepts));

const VARIABLES = {
  HOST: z.string().min(1, 'a host name or address'),
  PORT: integer('an integer from 0 to 65535', 0, 65_535),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// connection string (or unset for SQLite)'),
  SQLITE_FILE: z.string().min(1, 'a file path, or :memory:'),
  DATA_DIR: z.string().min(1, 'a directory'),
  SQLITE_SYNCHRONOUS: z.enum(
    ['full', 'normal'],
    'full (a commit survives a power loss) or normal (a killed process only)',
  ),
  RESET_STORE: z.enum(['true', 'false'], 'true or false').transform((v) => v === 'true'),
  SEED_COMMANDS: integer('an integer from 0 to 10000000', 0, 10_000_000),
  AGENT_DELAY_MS: integer('an integer number of milliseconds from 0 to 86400000 (0 stops the agent)', 0, 86_400_000),
  AGENT_ANDROID_DELAY_MS: integer('an integer number of milliseconds from 0 to 86400000', 0, 86_400_000),
  RESPONSE_VALIDATION: z.enum(['off', 'log', 'strict'], 'one of off, log, strict'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], 'one of debug, info, warn, error'),
  DOCS_DIR: z.string().min(1, 'a directory'),
  HEADERS_TIMEOUT_MS: integer('an integer number of milliseconds from 100 to 600000', 100, 600_000),
  REQUEST_TIMEOUT_MS: integer('an integer number of milliseconds from 100 to 3600000', 100, 3_600_000),
  KEEP_ALIVE_TIMEOUT_MS: integer('an integer number of milliseconds from 100 to 600000', 100, 600_000),
  MAX_CONNECTIONS: integer('an integer from 0 to 1000000 (0: no limit)', 0, 1_000_000),
  MAX_IN_FLIGHT: integer('an integer from 0 to 1000000 (0: no limit)', 0, 1_000_000),
  MAX_EVENT_LOOP_DELAY_MS: integer('an integer number of milliseconds from 0 to 60000 (0: no limit)', 0, 60_000),
  PG_POOL_SIZE: integer('an integer from 1 to 1000', 1, 1000),
  PG_CONNECT_TIMEOUT_MS: integer('an integer number of milliseconds from 100 to 600000', 100, 600_000),
  PG_STATEMENT_TIMEOUT_MS: integer('an integer number of milliseconds from 100 to 600000', 100, 600_000),
} as const;
type Variable = keyof typeof VARIABLES;

function read<V extends Variable>(env: NodeJS.ProcessEnv, name: V): z.output<(typeof VARIABLES)[V]> | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const result = VARIABLES[name].safeParse(raw);
  if (!result.success)
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not valid: expected ${result.error.issues[0]?.message}`);
  return result.data as z.output<(typeof VARIABLES)[V]>;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const mode = read(env, 'RESPONSE_VALIDATION') ?? (production ? 'off' : env.NODE_ENV === 'test' ? 'strict' : 'log');
  const dataDir = read(env, 'DATA_DIR') ?? fileURLToPath(new URL('../.data/', import.meta.url));
  const agentDelayMs = read(env, 'AGENT_DELAY_MS') ?? 5000;
  return {
    host: read(env, 'HOST') ?? '127.0.0.1',
    port: read(env, 'PORT') ?? 4000,
    databaseUrl: read(env, 'DATABASE_URL'),
    sqliteFile: read(env, 'SQLITE_FILE') ?? `${dataDir.replace(/\/$/, '')}/device-commands.sqlite`,
    sqliteSynchronous: read(env, 'SQLITE_SYNCHRONOUS') ?? 'full',
    resetStore: read(env, 'RESET_STORE') ?? false,
    seedCommands: read(env, 'SEED_COMMANDS') ?? 0,
    agentDelayMs,
    agentAndroidDelayMs: read(env, 'AGENT_ANDROID_DELAY_MS') ?? agentDelayMs,
    responseValidation: mode,
    logLevel: read(env, 'LOG_LEVEL') ?? 'info',
    docsDir: read(env, 'DOCS_DIR'),
    server: {
      headersTimeoutMs: read(env, 'HEADERS_TIMEOUT_MS') ?? 10_000,
      requestTimeoutMs: read(env, 'REQUEST_TIMEOUT_MS') ?? 30_000,
      keepAliveTimeoutMs: read(env, 'KEEP_ALIVE_TIMEOUT_MS') ?? 5_000,
      maxConnections: read(env, 'MAX_CONNECTIONS') ?? 10_000,
    },
    shedding: {
      maxInFlight: read(env, 'MAX_IN_FLIGHT') ?? 512,
      maxEventLoopDelayMs: read(env, 'MAX_EVENT_LOOP_DELAY_MS') ?? 1_000,
    },
    postgres: {
      poolSize: read(env, 'PG_POOL_SIZE') ?? 10,
      connectTimeoutMs: read(env, 'PG_CONNECT_TIMEOUT_MS') ?? 2_000,
      statementTimeoutMs: read(env, 'PG_STATEMENT_TIMEOUT_MS') ?? 5_000,
    },
  };
}
