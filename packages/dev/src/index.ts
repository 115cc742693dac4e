/** @device-commands/dev: the live-editing loop behind `pnpm dev`. */
export { type ChangeKind, classify, DevLoop, type RebuildReport } from './loop.ts';
export { type RepoPaths, repoPaths } from './paths.ts';
export { DevProxy, type DevState } from './proxy.ts';
