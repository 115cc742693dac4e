/** `pnpm generate` for the server: writes src/generated/routes.gen.ts from the bundled contract. */
import { writeFileSync } from 'node:fs';
import { loadSpec } from '@device-commands/spec';
import { emitRoutes } from './emit-routes.ts';

const started = performance.now();
const target = new URL('../generated/routes.gen.ts', import.meta.url);
writeFileSync(target, emitRoutes(loadSpec()));
console.log(`server: generated src/generated/routes.gen.ts (${Math.round(performance.now() - started)} ms)`);
