export * from './postgres.ts';
export * from './process.ts';
export * from './repo-copy.ts';
