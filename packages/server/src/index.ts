export { DeviceAgent } from './agent/device-agent.ts';
export { DEMO_TOKENS, loadTokens, TokenRegistry } from './auth/tokens.ts';
export { type App, type AppOptions, createApp } from './http/app.ts';
export { jsonLogger, memoryLogger } from './http/logger.ts';
export { openStore } from './store/index.ts';
export { openPostgresStore } from './store/postgres.ts';
export { SEED, seedData } from './store/seed.ts';
export { openSqliteStore } from './store/sqlite.ts';
export type { Store } from './store/types.ts';
