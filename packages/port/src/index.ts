/** The port as a library: start it in process (tests), with its seed and the configuration naming it. */
export { seed } from './seed.ts';
export { createPort } from './server.ts';
export { Store } from './store.ts';
